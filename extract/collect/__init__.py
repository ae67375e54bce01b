"""Collecting documents: the roster, the crawl of each agency's 年报 listing (discover, fetch,
harvest), files received by hand (manifest), and the content-addressed archive every byte goes to
before anything parses it."""
