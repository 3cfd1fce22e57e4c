/**
 * The small "web" the search-engine fakes (Tavily, SearchApi, SerpAPI, DuckDuckGo) search: a few
 * pages, ranked by how many of the query's words they contain, so what a fake answers depends on
 * what it was asked.
 */

export interface CorpusPage {
  title: string;
  url: string;
  content: string;
}

export const CORPUS: CorpusPage[] = [
  {
    title: 'Treasure Island - a novel by Robert Louis Stevenson',
    url: 'https://books.example/treasure-island',
    content: 'Treasure Island is an adventure novel about buccaneers and buried gold, told by young Jim Hawkins.',
  },
  {
    title: 'How to find buried treasure with a metal detector',
    url: 'https://hobby.example/metal-detecting',
    content: 'A metal detector, a map and patience: the treasure hunter digs where the signal is strongest.',
  },
  {
    title: 'Cheap flights to Lisbon in spring',
    url: 'https://travel.example/lisbon-flights',
    content: 'Flights to Lisbon cost least in March; hotels near the river fill up by May.',
  },
  {
    title: 'Market research: the coffee machine market in 2026',
    url: 'https://market.example/coffee-2026',
    content: 'The coffee machine market grew 4% in 2026; espresso machines lead, pod machines decline.',
  },
  {
    title: 'Instagram captions that sell',
    url: 'https://social.example/captions',
    content: 'Short captions with one call to action and three hashtags get the most engagement on Instagram.',
  },
  {
    title: 'Quantum computing for beginners',
    url: 'https://science.example/quantum',
    content: 'Qubits hold superpositions; quantum computers factor numbers and simulate molecules.',
  },
];

const words = (text: string): string[] => text.toLowerCase().match(/[a-z0-9]+/g) ?? [];

/** The pages containing any word of the query, most matching words first (ties in corpus order), at most `limit`; a query matching none gets the whole corpus. */
export function searchCorpus(query: string, limit: number): (CorpusPage & { score: number })[] {
  const asked = new Set(words(query));
  const scored = CORPUS.map((page) => {
    const have = new Set(words(`${page.title} ${page.content}`));
    const hits = [...asked].filter((w) => have.has(w)).length;
    return { ...page, score: asked.size ? Number((hits / asked.size).toFixed(4)) : 0 };
  });
  const matching = scored.filter((p) => p.score > 0);
  const pool = matching.length ? matching.sort((a, b) => b.score - a.score) : scored;
  return pool.slice(0, Math.max(0, limit));
}
