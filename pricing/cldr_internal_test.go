package pricing

import (
	"encoding/json"
	"strconv"
	"testing"

	"github.com/travelkit/travelkit/internal/oracle"
)

// The digits and cash rules are CLDR 48's, read by CLDR's own JSON data
// (npm cldr-core): every currency it lists, and the defaults for the
// others.
func TestCLDRFractionsAgreeWithCLDR(t *testing.T) {
	dir := oracle.Node(t, "cldr-core@48.2.0")
	out := oracle.Run(t, dir, `
const d = require("cldr-core/supplemental/currencyData.json").supplemental.currencyData.fractions;
process.stdout.write(JSON.stringify(d));
`, nil)
	var data map[string]map[string]string
	if err := json.Unmarshal(out, &data); err != nil {
		t.Fatal(err)
	}
	num := func(s string, def int32) int32 {
		if s == "" {
			return def
		}
		n, _ := strconv.Atoi(s)
		return int32(n)
	}
	for code, v := range data {
		if code == "DEFAULT" {
			continue
		}
		want := fractions{Digits: num(v["_digits"], 2), Rounding: num(v["_rounding"], 0)}
		want.CashDigits, want.CashRounding = num(v["_cashDigits"], want.Digits), num(v["_cashRounding"], want.Rounding)
		if got, ok := cldrFractions(code); !ok || got != want {
			t.Errorf("%s: %+v (listed %v), CLDR says %+v", code, got, ok, want)
		}
	}
	if got, ok := cldrFractions("CNY"); ok || got != (fractions{2, 0, 2, 0}) {
		t.Errorf("CNY, which CLDR does not list: %+v, %v", got, ok)
	}
}
