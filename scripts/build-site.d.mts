/** The repository's web address (from package.json), where links to files outside docs/ go. */
export const REPOSITORY: string;
/** One guide: its path in the repository, its file name under guide/, its title. */
export interface Guide {
  source: string;
  page: string;
  title: string;
}
/** The site bar every page starts with, linked relative to the page (`root`: the way to the site's root). */
export function siteNav(root: string, current: 'playground' | 'guide' | 'api'): string;
/** A heading's anchor as GitHub makes it. */
export function slug(text: string): string;
/** The guides in the order docs/README.md lists them (the index and README.md first). */
export function listGuides(root?: string): Guide[];
/** Where a link or image of a guide points on the site; a relative link to a missing file throws. */
export function siteUrl(url: string, from: string, guides: Guide[], root?: string): string;
/** One guide rendered as the inside of its page's main element. */
export function renderGuide(text: string, from: string, guides: Guide[], root?: string): string;
/** A guide's whole page. */
export function guidePage(guide: Guide, guides: Guide[], body: string): string;
/** Builds the site into `out` (default build/site), replacing it only once the whole site is built. */
export function buildSite(options?: { out?: string; root?: string }): Promise<{
  out: string;
  pages: { playground: number; guide: number; api: number };
  ms: { playground: number; guide: number; api: number };
}>;
/** Gives each heading that skips levels the level it has in the outline, as aria-level. */
export function mendHeadingLevels(html: string): string;
/** One TypeDoc page made to pass axe (main and navigation landmarks, no link inside a summary, heading levels). */
export function mendApiPage(html: string, file: string): string;
/** TypeDoc's navigation tree with each branch's own page moved from its summary to its first entry. */
export function mendNavigation(script: string): string;
