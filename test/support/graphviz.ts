/**
 * Graphviz itself as the test oracle for DOT: it parses what toDot writes (a DOT that does not
 * parse throws) and reports the nodes and edges it read, and it renders the SVG whose text is
 * checked. Text is read back with a small decoder of XML entities, independent of the escaping code.
 */
import { Graphviz } from '@hpcc-js/wasm-graphviz';

let instance: Promise<Graphviz> | undefined;

/** The one Graphviz of the test file, loaded on first use. */
export function graphviz(): Promise<Graphviz> {
  instance ??= Graphviz.load();
  return instance;
}

/** A node as Graphviz read it: its name and the visible text of its label. */
export interface ReadNode {
  readonly name: string;
  readonly text: string;
}

/** The nodes and edges (as [tail name, head name], in file order) that Graphviz reads from `dot`. */
export async function readDot(dot: string): Promise<{ nodes: ReadNode[]; edges: [string, string][] }> {
  const g = await graphviz();
  const json = JSON.parse(g.layout(dot, 'json', 'dot')) as {
    objects?: { _gvid: number; name: string; label?: string; nodes?: unknown }[];
    edges?: { tail: number; head: number }[];
  };
  // Subgraphs (rank=same groups) are listed among the objects too, numbered apart from the nodes.
  const objects = (json.objects ?? []).filter((o) => o.nodes === undefined);
  const byId = new Map(objects.map((o) => [o._gvid, o.name]));
  const nodes = objects.map((o) => ({ name: o.name, text: visibleText(o.label ?? '') }));
  const edges = (json.edges ?? []).map((e): [string, string] => [byId.get(e.tail) as string, byId.get(e.head) as string]);
  return { nodes, edges };
}

/**
 * The text of an HTML-like label: tags dropped, entities decoded, the cells of a table row joined
 * by '|' and its rows by newlines.
 */
export function visibleText(markup: string): string {
  return decodeEntities(
    markup
      .replace(/<\/TD>\s*<\/TR>\s*<TR[^>]*>\s*<TD[^>]*>/gi, '\n')
      .replace(/<\/TD>\s*<TD[^>]*>/gi, '|')
      .replace(/<[^>]*>/g, ''),
  );
}

/** Every `<text>` element's content in an SVG, decoded. */
export function svgTexts(svg: string): string[] {
  return [...svg.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((m) => decodeEntities(m[1] as string));
}

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[e.toLowerCase()] as string;
  });
}
