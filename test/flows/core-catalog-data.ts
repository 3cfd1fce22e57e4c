/**
 * Langflow's core (non-vendor) catalog as data, for test/flows/core-catalog.test.ts (which says
 * where it comes from) and the README's table.
 */
export interface Entry {
  key: string;
  display_name: string;
  present: boolean;
  legacy?: true;
  /** Why it is missing, in a word or two, when there is a reason beyond "not done yet". */
  reason?: string;
}

const yes = (key: string, display_name: string, legacy?: true): Entry => ({ key, display_name, present: true, ...(legacy && { legacy }) });
const no = (key: string, display_name: string, options: { legacy?: true; reason?: string } = {}): Entry => ({ key, display_name, present: false, ...options });
const LEGACY = { legacy: true } as const;

/** Category (as the README names it) → Langflow's keys. */
export const CORE_CATALOG: Record<string, Entry[]> = {
  'Inputs & outputs': [yes('ChatInput', 'Chat Input'), yes('ChatOutput', 'Chat Output'), yes('TextInput', 'Text Input'), yes('TextOutput', 'Text Output'), yes('Webhook', 'Webhook')],
  'Data sources': [
    yes('APIRequest', 'API Request'),
    yes('URLComponent', 'URL'),
    yes('CSVtoData', 'Load CSV', true),
    no('JSONtoData', 'Load JSON', { legacy: true, reason: 'json_repair' }),
    yes('MockDataGenerator', 'Mock Data'),
    no('NewsSearch', 'News Search', LEGACY),
    yes('RSSReaderSimple', 'RSS Reader', true),
    no('SQLComponent', 'SQL Database', { reason: 'SQLAlchemy URLs' }),
    no('UnifiedWebSearch', 'Web Search'),
  ],
  'Files & knowledge': [
    yes('File', 'Read File'),
    yes('SaveToFile', 'Write File'),
    yes('KnowledgeIngestion', 'Knowledge Ingestion'),
    yes('KnowledgeRetrieval', 'Knowledge Retrieval'),
    yes('KnowledgeBase', 'Knowledge Base'),
    no('Directory', 'Directory', { reason: 'local folders' }),
  ],
  'Flow controls': [
    yes('ConditionalRouter', 'If-Else'),
    yes('LoopComponent', 'Loop'),
    yes('RunFlow', 'Run Flow'),
    yes('Pass', 'Pass', true),
    yes('DataConditionalRouter', 'Condition', true),
    no('FlowTool', 'Flow as Tool', LEGACY),
    no('Listen', 'Listen', { reason: 'graph state' }),
    no('Notify', 'Notify', { reason: 'graph state' }),
    no('SubFlow', 'Sub Flow', LEGACY),
  ],
  'LLM operations': [
    yes('StructuredOutput', 'Structured Output'),
    yes('BatchRunComponent', 'Batch Run'),
    no('Smart Transform', 'Smart Transform', { reason: 'runs Python' }),
    no('SmartRouter', 'Smart Router'),
    no('LLMSelectorComponent', 'LLM Selector', { reason: 'OpenRouter specs' }),
    no('GuardrailValidator', 'Guardrails'),
  ],
  'Models & agents': [
    yes('Agent', 'Agent'),
    yes('LanguageModelComponent', 'Language Model'),
    yes('EmbeddingModel', 'Embedding Model'),
    yes('MCPTools', 'MCP Tools'),
    yes('Memory', 'Message History'),
    yes('Prompt Template', 'Prompt Template'),
  ],
  Processing: [
    yes('ParserComponent', 'Parser'),
    yes('CombineText', 'Combine Text'),
    yes('SplitText', 'Split Text'),
    yes('CreateList', 'Create List', true),
    yes('DataToDataFrame', 'Data → DataFrame', true),
    yes('ExtractaKey', 'Extract Key', true),
    yes('FilterData', 'Filter Data', true),
    yes('FilterDataValues', 'Filter Values', true),
    yes('MergeDataComponent', 'Combine Data', true),
    yes('MessagetoData', 'Message to Data', true),
    yes('ParseData', 'Data to Message', true),
    yes('ParseDataFrame', 'Parse DataFrame', true),
    yes('ParseJSONData', 'Parse JSON', true),
    yes('RegexExtractorComponent', 'Regex Extractor', true),
    yes('SelectData', 'Select Data', true),
    yes('StoreMessage', 'Message Store', true),
    yes('TypeConverterComponent', 'Type Convert'),
    no('DataOperations', 'JSON Operations'),
    no('DataFrameOperations', 'Table Operations'),
    yes('TextOperations', 'Text Operations'),
    no('DynamicCreateData', 'Dynamic Create Data'),
    yes('AlterMetadata', 'Alter Metadata', true),
    yes('CreateData', 'Create Data', true),
    yes('UpdateData', 'Update JSON', true),
    no('JSONCleaner', 'JSON Cleaner', { legacy: true, reason: 'json_repair' }),
    no('OutputParser', 'Output Parser', { legacy: true, reason: 'LangChain parser' }),
  ],
  Utilities: [
    yes('CalculatorComponent', 'Calculator'),
    yes('CurrentDate', 'Current Date'),
    yes('IDGenerator', 'ID Generator', true),
    no('PythonREPLComponent', 'Python Interpreter', { reason: 'runs Python' }),
    no('PythonFunction', 'Python Function', { reason: 'runs Python' }),
    no('CustomComponent', 'Custom Component', { reason: 'runs Python' }),
  ],
  'Vector stores & embeddings (local)': [
    yes('FAISS', 'FAISS'),
    yes('Chroma', 'Chroma DB'),
    yes('OllamaEmbeddings', 'Ollama Embeddings'),
    no('LocalDB', 'Local DB'),
    yes('EmbeddingSimilarityComponent', 'Embedding Similarity', true),
    yes('TextEmbedderComponent', 'Text Embedder', true),
    no('LMStudioEmbeddingsComponent', 'LM Studio Embeddings'),
  ],
  'Text splitters': [
    yes('CharacterTextSplitter', 'Character Text Splitter'),
    yes('RecursiveCharacterTextSplitter', 'Recursive Character Text Splitter'),
    no('LanguageRecursiveTextSplitter', 'Language Recursive Text Splitter'),
    no('NaturalLanguageTextSplitter', 'Natural Language Text Splitter', { reason: 'NLTK' }),
    no('SemanticTextSplitter', 'Semantic Text Splitter'),
  ],
  'Tools needing no account': [
    yes('DuckDuckGoSearchComponent', 'DuckDuckGo Search'),
    yes('ArXivComponent', 'arXiv'),
    no('CalculatorTool', 'Calculator', LEGACY),
    no('WikipediaComponent', 'Wikipedia'),
    no('WikidataComponent', 'Wikidata'),
    no('WikipediaAPI', 'Wikipedia API', LEGACY),
    no('WikidataAPI', 'Wikidata API', LEGACY),
    yes('YfinanceComponent', 'Yahoo! Finance'),
    no('YahooFinanceTool', 'Yahoo! Finance', LEGACY),
    no('SearXNGTool', 'SearXNG Search'),
    no('PythonREPLTool', 'Python REPL', { legacy: true, reason: 'runs Python' }),
    no('PythonCodeStructuredTool', 'Python Code Structured', { legacy: true, reason: 'runs Python' }),
  ],
};
