"""The hostile corpus: Markdown pages that attack the site, and what the build and the checker must do with each."""
