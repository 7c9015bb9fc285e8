// Package chart draws KPI trends against their target lines and the
// sales-plan burn-up, as SVG or PNG through gonum.org/v1/plot, and writes
// an [HTML] scorecard that embeds them. It lives apart from kpi so that
// programs that only compute scorecards do not compile a plotting
// library. Amounts become floating-point coordinates only to be drawn;
// every value printed on a chart is the exact decimal text.
package chart
