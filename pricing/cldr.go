package pricing

// fractions are CLDR's digits for a currency: how many decimals people
// are shown (Digits, stepping by Rounding units of the last one, 0 for
// one) and how cash is paid (CashDigits, CashRounding). ISO 4217's minor
// units, which amounts are kept in, can differ: HUF is kept with two
// decimals and shown with none, and cash steps by 5 forints.
type fractions struct {
	Digits, Rounding, CashDigits, CashRounding int32
}

// cldrFractions returns the fractions CLDR 48 lists for a currency (its
// supplemental currencyData); a currency it does not list has the
// defaults: two digits, cash as shown.
func cldrFractions(code string) (fractions, bool) {
	switch code {
	case "ADP":
		return fractions{0, 0, 0, 0}, true
	case "AFN":
		return fractions{0, 0, 0, 0}, true
	case "ALL":
		return fractions{0, 0, 0, 0}, true
	case "AMD":
		return fractions{2, 0, 0, 0}, true
	case "BHD":
		return fractions{3, 0, 3, 0}, true
	case "BIF":
		return fractions{0, 0, 0, 0}, true
	case "BYN":
		return fractions{2, 0, 2, 0}, true
	case "BYR":
		return fractions{0, 0, 0, 0}, true
	case "CAD":
		return fractions{2, 0, 2, 5}, true
	case "CHF":
		return fractions{2, 0, 2, 5}, true
	case "CLF":
		return fractions{4, 0, 4, 0}, true
	case "CLP":
		return fractions{0, 0, 0, 0}, true
	case "COP":
		return fractions{0, 0, 0, 0}, true
	case "CRC":
		return fractions{2, 0, 0, 0}, true
	case "CZK":
		return fractions{2, 0, 0, 0}, true
	case "DJF":
		return fractions{0, 0, 0, 0}, true
	case "DKK":
		return fractions{2, 0, 2, 50}, true
	case "ESP":
		return fractions{0, 0, 0, 0}, true
	case "GNF":
		return fractions{0, 0, 0, 0}, true
	case "GYD":
		return fractions{2, 0, 0, 0}, true
	case "HUF":
		return fractions{0, 0, 0, 5}, true
	case "IDR":
		return fractions{0, 0, 0, 0}, true
	case "IQD":
		return fractions{0, 0, 0, 0}, true
	case "IRR":
		return fractions{0, 0, 0, 0}, true
	case "ISK":
		return fractions{0, 0, 0, 0}, true
	case "ITL":
		return fractions{0, 0, 0, 0}, true
	case "JOD":
		return fractions{3, 0, 3, 0}, true
	case "JPY":
		return fractions{0, 0, 0, 0}, true
	case "KMF":
		return fractions{0, 0, 0, 0}, true
	case "KPW":
		return fractions{0, 0, 0, 0}, true
	case "KRW":
		return fractions{0, 0, 0, 0}, true
	case "KWD":
		return fractions{3, 0, 3, 0}, true
	case "LAK":
		return fractions{0, 0, 0, 0}, true
	case "LBP":
		return fractions{0, 0, 0, 0}, true
	case "LUF":
		return fractions{0, 0, 0, 0}, true
	case "LYD":
		return fractions{3, 0, 3, 0}, true
	case "MGA":
		return fractions{0, 0, 0, 0}, true
	case "MGF":
		return fractions{0, 0, 0, 0}, true
	case "MMK":
		return fractions{0, 0, 0, 0}, true
	case "MNT":
		return fractions{2, 0, 0, 0}, true
	case "MRO":
		return fractions{0, 0, 0, 0}, true
	case "MUR":
		return fractions{2, 0, 0, 0}, true
	case "NOK":
		return fractions{2, 0, 0, 0}, true
	case "OMR":
		return fractions{3, 0, 3, 0}, true
	case "PKR":
		return fractions{0, 0, 0, 0}, true
	case "PYG":
		return fractions{0, 0, 0, 0}, true
	case "RSD":
		return fractions{2, 0, 0, 0}, true
	case "RWF":
		return fractions{0, 0, 0, 0}, true
	case "SEK":
		return fractions{2, 0, 0, 0}, true
	case "SLE":
		return fractions{2, 0, 2, 0}, true
	case "SLL":
		return fractions{0, 0, 0, 0}, true
	case "SOS":
		return fractions{0, 0, 0, 0}, true
	case "STD":
		return fractions{0, 0, 0, 0}, true
	case "SYP":
		return fractions{0, 0, 0, 0}, true
	case "TMM":
		return fractions{0, 0, 0, 0}, true
	case "TND":
		return fractions{3, 0, 3, 0}, true
	case "TRL":
		return fractions{0, 0, 0, 0}, true
	case "TWD":
		return fractions{2, 0, 0, 0}, true
	case "TZS":
		return fractions{2, 0, 0, 0}, true
	case "UGX":
		return fractions{0, 0, 0, 0}, true
	case "UYI":
		return fractions{0, 0, 0, 0}, true
	case "UYW":
		return fractions{4, 0, 4, 0}, true
	case "UZS":
		return fractions{2, 0, 0, 0}, true
	case "VEF":
		return fractions{2, 0, 0, 0}, true
	case "VND":
		return fractions{0, 0, 0, 0}, true
	case "VUV":
		return fractions{0, 0, 0, 0}, true
	case "XAD":
		return fractions{2, 0, 2, 0}, true
	case "XAF":
		return fractions{0, 0, 0, 0}, true
	case "XAU":
		return fractions{2, 0, 2, 0}, true
	case "XOF":
		return fractions{0, 0, 0, 0}, true
	case "XPF":
		return fractions{0, 0, 0, 0}, true
	case "YER":
		return fractions{0, 0, 0, 0}, true
	case "ZMK":
		return fractions{0, 0, 0, 0}, true
	case "ZWD":
		return fractions{0, 0, 0, 0}, true
	}
	return fractions{2, 0, 2, 0}, false
}
