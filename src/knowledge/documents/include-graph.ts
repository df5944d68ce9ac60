/** Which articles include which fragments, so that an edit to a fragment re-indexes its articles. */
export class IncludeGraph {
  private readonly includedBy = new Map<string, Set<string>>();

  /** Records the fragments `article` includes now, replacing what it included before. */
  set(article: string, fragments: string[]): void {
    for (const [fragment, articles] of this.includedBy) {
      if (articles.delete(article) && articles.size === 0) this.includedBy.delete(fragment);
    }
    for (const fragment of fragments) {
      let articles = this.includedBy.get(fragment);
      if (!articles) this.includedBy.set(fragment, (articles = new Set()));
      articles.add(article);
    }
  }

  /** The articles that include `fragment`. */
  articlesOf(fragment: string): string[] {
    return [...(this.includedBy.get(fragment) ?? [])];
  }
}
