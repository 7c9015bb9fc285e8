package human

import (
	"testing"
)

type inner struct {
	Note  string
	Tags  []string
	By    map[string]string
	Ptr   *string
	plain string
}

type outer struct {
	Name  string
	In    inner
	Items []inner
	Any   any
	N     int
}

func TestFlatReplacesLineBreaksAndLeavesTheOriginal(t *testing.T) {
	t.Parallel()
	p := "a\nb"
	v := outer{Name: "WANG\n\nPrice\n Total 1.00 CNY", In: inner{Note: "ok", Tags: []string{"x", "y\tz"}, By: map[string]string{"k\r": "v\u2028"},
		Ptr: &p, plain: "keep\n"}, Items: []inner{{Note: "fine"}, {Note: "bad\x00"}}, Any: "any\nthing", N: 3}
	got := Flat(v)
	if got.Name != "WANG  Price  Total 1.00 CNY" || got.In.Tags[1] != "y z" || got.In.By["k "] != "v " || *got.In.Ptr != "a b" ||
		got.Items[1].Note != "bad " || got.Items[0].Note != "fine" || got.Any != "any thing" || got.N != 3 || got.In.plain != "keep\n" {
		t.Errorf("flattened %+v", got)
	}
	if v.Name != "WANG\n\nPrice\n Total 1.00 CNY" || v.In.Tags[1] != "y\tz" || v.In.By["k\r"] != "v\u2028" || p != "a\nb" || v.Items[1].Note != "bad\x00" {
		t.Errorf("the original changed: %+v", v)
	}
	clean := outer{Name: "王磊", Items: []inner{{Note: "x"}}}
	if again := Flat(clean); &again.Items[0] != &clean.Items[0] {
		t.Error("a clean value was copied")
	}
	if Line("a\u2029b") != "a b" || Line("plain") != "plain" {
		t.Error("Line")
	}
}
