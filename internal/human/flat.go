package human

import (
	"reflect"
	"strings"
	"unicode"
)

// Line returns s with every control character (line breaks, tabs, NUL)
// and line or paragraph separator replaced by a space: text a person gave
// that goes on one line of a document.
func Line(s string) string {
	if strings.IndexFunc(s, breaks) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if breaks(r) {
			return ' '
		}
		return r
	}, s)
}

func breaks(r rune) bool { return unicode.IsControl(r) || r == '\u2028' || r == '\u2029' }

// Flat returns v with Line applied to every string it holds (exported
// fields, slices, arrays, maps, pointers), so that no name or note can
// forge lines of a plain-text document. v itself is not changed: what
// holds such a string is copied; the rest is shared.
func Flat[T any](v T) T { return Map(v, Line) }

// Map returns v with f applied to every string it holds, as Flat does
// with Line: v is not changed, what holds a changed string is copied.
func Map[T any](v T, f func(string) string) T {
	out, changed := mapped(reflect.ValueOf(&v).Elem(), f)
	if !changed {
		return v
	}
	return out.Interface().(T)
}

// mapped returns v with f applied, and whether anything changed (then
// the value returned is a copy).
func mapped(v reflect.Value, fn func(string) string) (reflect.Value, bool) {
	flat := func(v reflect.Value) (reflect.Value, bool) { return mapped(v, fn) }
	switch v.Kind() {
	case reflect.String:
		s := fn(v.String())
		if s == v.String() {
			return v, false
		}
		c := reflect.New(v.Type()).Elem()
		c.SetString(s)
		return c, true
	case reflect.Pointer:
		if v.IsNil() {
			return v, false
		}
		e, ok := flat(v.Elem())
		if !ok {
			return v, false
		}
		p := reflect.New(v.Type().Elem())
		p.Elem().Set(e)
		return p, true
	case reflect.Interface:
		if v.IsNil() {
			return v, false
		}
		e, ok := flat(v.Elem())
		if !ok {
			return v, false
		}
		c := reflect.New(v.Type()).Elem()
		c.Set(e)
		return c, true
	case reflect.Struct:
		var c reflect.Value
		for i := range v.NumField() {
			if !v.Type().Field(i).IsExported() {
				continue
			}
			f, ok := flat(v.Field(i))
			if !ok {
				continue
			}
			if !c.IsValid() {
				c = reflect.New(v.Type()).Elem()
				c.Set(v)
			}
			c.Field(i).Set(f)
		}
		if !c.IsValid() {
			return v, false
		}
		return c, true
	case reflect.Slice, reflect.Array:
		var c reflect.Value
		for i := range v.Len() {
			e, ok := flat(v.Index(i))
			if !ok {
				continue
			}
			if !c.IsValid() {
				if v.Kind() == reflect.Slice {
					c = reflect.MakeSlice(v.Type(), v.Len(), v.Len())
					reflect.Copy(c, v)
				} else {
					c = reflect.New(v.Type()).Elem()
					c.Set(v)
				}
			}
			c.Index(i).Set(e)
		}
		if !c.IsValid() {
			return v, false
		}
		return c, true
	case reflect.Map:
		if v.IsNil() {
			return v, false
		}
		changed := false
		c := reflect.MakeMapWithSize(v.Type(), v.Len())
		it := v.MapRange()
		for it.Next() {
			k, kc := flat(it.Key())
			e, ec := flat(it.Value())
			changed = changed || kc || ec
			c.SetMapIndex(k, e)
		}
		if !changed {
			return v, false
		}
		return c, true
	}
	return v, false
}
