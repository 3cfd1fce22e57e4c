/**
 * A page's text and metadata as Langflow's URL component gives them, parsed by cheerio (parse5):
 * the text is BeautifulSoup's `get_text()`: every text node, in document order, concatenated as it
 * stands in the page, without comments and without what is inside `<script>`, `<style>` and
 * `<template>`; as BeautifulSoup stores them, a text node of ASCII whitespace only becomes one
 * newline (if it has one) or one space, except inside `<pre>` and `<textarea>`. Title, description and language are read as LangChain's
 * RecursiveUrlLoader reads them (the first `<title>`'s text, the `description` meta's content, the
 * `<html lang>`). Links are the page's absolute http(s) `<a href>`s, for following.
 */
import { load, type CheerioAPI } from 'cheerio';

export interface PageInfo {
  text: string;
  title: string;
  description: string;
  language: string;
  /** Absolute http(s) links found on the page, once each. */
  links: string[];
}

/** What BeautifulSoup does not count as text (it gives their strings types of their own). */
const NOT_TEXT = 'script, style, template';

export function readPage(html: string, baseUrl: string): PageInfo {
  // Scripting off: `<noscript>` is read as markup, as lxml reads it, so its text counts.
  const $ = load(html, { scriptingEnabled: false });
  const title = $('title').first();
  const info = {
    title: title.length > 0 ? title.text() : '',
    description: $('meta[name="description"]').first().attr('content') ?? '',
    language: $('html').first().attr('lang') ?? '',
    links: links($, baseUrl),
  };
  return { text: textOf($), ...info };
}

export function htmlToText(html: string): string {
  return textOf(load(html, { scriptingEnabled: false }));
}

/** A node of cheerio's tree (domhandler's AnyNode, named without depending on domhandler). */
type AnyNode = Extract<Parameters<typeof load>[0], { type: unknown }>;

/** Whitespace BeautifulSoup keeps as it is. */
const PRESERVE_WHITESPACE = new Set(['pre', 'textarea']);
const ASCII_BLANK = /^[ \t\n\f\r]*$/;

function textOf($: CheerioAPI): string {
  $(NOT_TEXT).remove();
  const parts: string[] = [];
  const walk = (nodes: AnyNode[], preserve: boolean): void => {
    for (const node of nodes) {
      if (node.type === 'text') {
        parts.push(!preserve && ASCII_BLANK.test(node.data) ? (node.data.includes('\n') ? '\n' : ' ') : node.data);
      } else if (node.type === 'tag' || node.type === 'root') {
        walk(node.children, preserve || (node.type === 'tag' && PRESERVE_WHITESPACE.has(node.name)));
      }
    }
  };
  walk($.root().toArray(), false);
  return parts.join('');
}

function links($: CheerioAPI, baseUrl: string): string[] {
  const found = new Set<string>();
  for (const anchor of $('a[href]')) {
    try {
      const url = new URL($(anchor).attr('href') ?? '', baseUrl);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') continue;
      url.hash = '';
      found.add(url.href);
    } catch {
      // not a URL
    }
  }
  return [...found];
}
