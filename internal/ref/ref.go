package ref

import (
	"crypto/sha256"
	"encoding/binary"
	"strings"
)

// alphabet is Crockford's base 32; checkSymbols extends it to 37 for the
// check character.
const (
	alphabet     = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
	checkSymbols = alphabet + "*~$=U"
)

// readable reports whether an ID can be shown as it is: at most 16
// letters, digits and hyphens, with at least one letter or hyphen that
// makes it more than a number.
func readable(id string) bool {
	if id == "" || len(id) > 16 {
		return false
	}
	hex := true
	for i := 0; i < len(id); i++ {
		c := id[i]
		switch {
		case c >= '0' && c <= '9':
		case c >= 'a' && c <= 'f', c >= 'A' && c <= 'F':
		case c == '-', c >= 'g' && c <= 'z', c >= 'G' && c <= 'Z':
			hex = false
		default:
			return false
		}
	}
	return !hex || len(id) < 12 // a long hex string is a machine ID
}

// For returns the reference of an ID: a short readable ID as it is
// ("Q-1", "T-2026-1127-001"); otherwise prefix, a hyphen, ten characters
// derived from the ID in two groups and a check character:
// "Q-7KXM2-P9AZ4-J". The same ID always gives the same reference.
func For(prefix, id string) string {
	if readable(id) {
		return id
	}
	sum := sha256.Sum256([]byte(id))
	v := binary.BigEndian.Uint64(sum[:8]) >> 14 // 50 bits
	var b strings.Builder
	if prefix != "" {
		b.WriteString(prefix)
		b.WriteByte('-')
	}
	var chars [10]byte
	for i := 9; i >= 0; i-- {
		chars[i] = alphabet[v&31]
		v >>= 5
	}
	b.Write(chars[:5])
	b.WriteByte('-')
	b.Write(chars[5:])
	b.WriteByte('-')
	b.WriteByte(check(chars[:]))
	return b.String()
}

// check is Crockford's check symbol: the value mod 37.
func check(chars []byte) byte {
	var m uint64
	for _, c := range chars {
		m = (m*32 + uint64(strings.IndexByte(alphabet, c))) % 37
	}
	return checkSymbols[m]
}

// Valid reports whether s is a derived reference whose check character
// matches. Lower case and the letters Crockford reads as digits (O, I, L)
// are accepted, as people type them.
func Valid(s string) bool {
	parts := strings.Split(strings.ToUpper(s), "-")
	if len(parts) < 3 {
		return false
	}
	n := len(parts)
	body, sum := parts[n-3]+parts[n-2], parts[n-1]
	if len(parts[n-3]) != 5 || len(parts[n-2]) != 5 || len(sum) != 1 {
		return false
	}
	r := strings.NewReplacer("O", "0", "I", "1", "L", "1")
	body = r.Replace(body)
	for i := 0; i < len(body); i++ {
		if strings.IndexByte(alphabet, body[i]) < 0 {
			return false
		}
	}
	return check([]byte(body)) == sum[0]
}
