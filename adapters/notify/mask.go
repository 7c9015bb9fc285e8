package notify

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// MaskEmail keeps an address recognisable to its owner and little else:
// "wang.lei@example.com" becomes "w***@example.com".
func MaskEmail(s string) string {
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" {
		return MaskText(s)
	}
	r, _ := utf8.DecodeRuneInString(local)
	return string(r) + "***@" + domain
}

// MaskPhone keeps the last four digits: "+86 138 0000 1234" becomes
// "*******1234".
func MaskPhone(s string) string {
	digits := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			digits = append(digits, s[i])
		}
	}
	if len(digits) <= 4 {
		return strings.Repeat("*", len(digits))
	}
	return strings.Repeat("*", len(digits)-4) + string(digits[len(digits)-4:])
}

// MaskDocument keeps the last three characters of a travel-document
// number: "E12345678" becomes "******678".
func MaskDocument(s string) string {
	n := utf8.RuneCountInString(s)
	if n <= 3 {
		return strings.Repeat("*", n)
	}
	runes := []rune(s)
	return strings.Repeat("*", n-3) + string(runes[n-3:])
}

// MaskText replaces free text, which may hold anything, by its length.
func MaskText(s string) string {
	if s == "" {
		return ""
	}
	return "[" + strconv.Itoa(utf8.RuneCountInString(s)) + " characters redacted]"
}

// MaskRecipient masks a recipient as an e-mail address or, failing that,
// as a phone number.
func MaskRecipient(s string) string {
	if strings.Contains(s, "@") {
		return MaskEmail(s)
	}
	return MaskPhone(s)
}
