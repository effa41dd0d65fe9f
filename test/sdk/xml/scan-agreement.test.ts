/**
 * The byte gate must never count less than the parser sees (security-rules.md section 3.1 rule 1). Random
 * well-formed documents, full of the characters that could fool a naive scanner (`>`, `/`, quotes of the other
 * kind inside attribute values, CDATA sections holding markup-like text), are measured through libxml2's DOM;
 * the gate must accept each document at exactly those measures and refuse it when any one cap is one lower.
 */
import { expect } from 'chai';
import { DEFAULT_XML_LIMITS, parseStrictXml } from '@sts/sdk/xml';
import type { XmlDomElement, XmlLimits, XmlRejectionCode } from '@sts/sdk/xml';
import { gateOutcome } from './xml-fixtures.js';

/** A small deterministic PRNG (mulberry32), so a failure can be replayed from its seed. */
function random(seed: number): (below: number) => number {
  let state = seed >>> 0;
  return (below) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * below);
  };
}

const VALUE_PIECES = ['>', '/>', '/', 'x', ' ', '&amp;', '&#62;', '=', 'a b'];
const TEXT_PIECES = ['x', ' ', '>', '/>', '&gt;', '&amp;', '\n', '"', "'", '=', ']]&gt;'];

interface Generated {
  readonly xml: string;
  /** The longest run of characters between two tags, counted as the gate counts (CDATA content, raw refs). */
  readonly longestTextRun: number;
}

function generate(seed: number): Generated {
  const next = random(seed);
  let longestTextRun = 0;
  const pick = (pieces: readonly string[]) => pieces[next(pieces.length)]!;

  function value(quote: string): string {
    let out = '';
    for (let i = next(4); i > 0; i--) out += pick(VALUE_PIECES);
    return out + (quote === '"' ? "'" : '"');
  }

  function element(depth: number): string {
    const name = `e${next(3)}`;
    let tag = `<${name}`;
    const namespaces = next(3);
    for (let i = 0; i < namespaces; i++) tag += ` xmlns:n${i}=${quoted(`urn:${next(9)}`)}`;
    const attributes = next(5);
    for (let i = 0; i < attributes; i++) {
      const quote = next(2) === 0 ? '"' : "'";
      tag += `${' \t\n'[next(3)]}a${i}${next(2) === 0 ? '' : ' '}=${quote}${value(quote)}${quote}`;
    }
    if (depth > 6 || next(4) === 0) return `${tag}${next(2) === 0 ? '/>' : ' />'}`;
    let inner = '';
    let run = 0;
    for (let i = next(4); i > 0; i--) {
      const kind = next(3);
      if (kind === 0) {
        inner += element(depth + 1);
        run = 0;
      } else if (kind === 1) {
        const piece = pick(TEXT_PIECES);
        inner += piece;
        run += piece.length;
      } else {
        const content = `<b a="1">${pick(TEXT_PIECES)}`;
        inner += `<![CDATA[${content}]]>`;
        run += content.length;
      }
      longestTextRun = Math.max(longestTextRun, run);
    }
    return `${tag}>${inner}</${name}>`;
  }

  const xml = element(1);
  return { xml, longestTextRun };
}

function quoted(text: string): string {
  return `"${text}"`;
}

interface Measured {
  depth: number;
  attributes: number;
  namespaces: number;
  elements: number;
}

/** Counts what libxml2 parsed: element depth, attributes and local namespace declarations per element. */
function measure(element: XmlDomElement, depth: number, into: Measured): void {
  into.elements++;
  into.depth = Math.max(into.depth, depth);
  const namespaces = element.namespaces(true).length;
  into.namespaces = Math.max(into.namespaces, namespaces);
  into.attributes = Math.max(into.attributes, element.attrs().length + namespaces);
  for (const child of element.childNodes()) {
    if (child.type() === 'element') measure(child as XmlDomElement, depth + 1, into);
  }
}

describe('the byte-gate scan, compared with libxml2', () => {
  const SEEDS = 300;

  it(`accepts ${SEEDS} random documents at their exact measures and refuses each one cap lower`, () => {
    for (let seed = 1; seed <= SEEDS; seed++) {
      const { xml, longestTextRun } = generate(seed);
      const root = parseStrictXml(xml).root()!;
      const m: Measured = { depth: 0, attributes: 0, namespaces: 0, elements: 0 };
      measure(root, 1, m);
      const exact: XmlLimits = {
        ...DEFAULT_XML_LIMITS,
        maxDepth: m.depth,
        maxAttributesPerElement: m.attributes,
        maxNamespaceDeclarationsPerElement: m.namespaces,
        maxElements: m.elements,
        maxTextLength: longestTextRun,
      };
      expect(gateOutcome(xml, exact), `seed ${seed}: ${xml}`).to.equal('accepted');
      const lower: [keyof XmlLimits, XmlRejectionCode][] = [
        ['maxDepth', 'depth'],
        ['maxAttributesPerElement', 'attributes'],
        ['maxNamespaceDeclarationsPerElement', 'namespaces'],
        ['maxElements', 'elements'],
        ['maxTextLength', 'text'],
      ];
      for (const [limit, code] of lower) {
        if (exact[limit] === 0) continue;
        expect(gateOutcome(xml, { ...exact, [limit]: exact[limit] - 1 }), `seed ${seed}, ${limit}: ${xml}`).to.equal(
          code,
        );
      }
    }
  });
});
