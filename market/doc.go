// Package market positions the agency's products against competitors'
// prices. Competitor offers are immutable observations (a correction is a
// new observation) ingested from CSV with a column mapping or through the
// typed API; the library never scrapes. [Compare] forms the like-for-like
// set — same destination, departure window, length tolerance, at least
// our inclusions, same price basis, available — counting every excluded
// observation by reason, converts prices at locked rates, and gives the
// median, the mean and our price index against each, exact and rounded
// once. [Trend] cuts prices into ISO weeks or calendar months, an empty
// window being "no data", never 0 %. [BuildReport] makes the market research
// report (市场调研报告) with its due and submitted instants, so that
// "submitted on schedule with trend analysis" can be scored.
package market
