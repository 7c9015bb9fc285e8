package human

import (
	"testing"
	"time"

	"github.com/rickb777/date/v2"
	"golang.org/x/text/language"

	"github.com/travelkit/travelkit/internal/i18n"
)

func TestRendering(t *testing.T) {
	t.Parallel()
	sh, _ := time.LoadLocation("Asia/Shanghai")
	at := time.Date(2026, 11, 30, 8, 48, 0, 0, time.UTC)
	en, zh, hant := i18n.For(language.English), i18n.For(language.SimplifiedChinese), i18n.For(language.TraditionalChinese)
	for _, tc := range []struct{ got, want string }{
		{Offset(0), "UTC"}, {Offset(8 * 3600), "UTC+8"}, {Offset(19800), "UTC+5:30"}, {Offset(-3 * 3600), "UTC-3"}, {Offset(-34200), "UTC-9:30"},
		{Date(date.New(2027, 5, 1), en), "Sat 1 May 2027"}, {Date(date.New(2027, 5, 1), zh), "2027年5月1日 星期六"},
		{ShortDate(date.New(2027, 5, 11), en), "Tue 11 May"}, {ShortDate(date.New(2027, 5, 11), zh), "5月11日 星期二"},
		{Instant(at, sh, "Beijing", en), "Mon 30 Nov 2026 16:48 (Beijing time, UTC+8)"},
		{Instant(at, sh, "Beijing", zh), "2026年11月30日 星期一 16:48（Beijing当地时间，UTC+8）"},
		{Instant(at, nil, "ignored", en), "Mon 30 Nov 2026 08:48 (UTC)"},
		{Duration(4*time.Hour, en), "4 h"}, {Duration(4*time.Hour+30*time.Minute+20*time.Second, en), "4 h 30 min"},
		{Duration(45*time.Minute, zh), "45分钟"}, {Duration(45*time.Minute, hant), "45分鐘"},
		{Instant(at, sh, "北京", hant), "2026年11月30日 星期一 16:48（北京當地時間，UTC+8）"}, {Duration(26*time.Hour+5*time.Minute, zh), "26小时5分钟"}, {Duration(-time.Hour, en), "-1 h"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

func TestWidthCountsWideCharactersAsTwo(t *testing.T) {
	for s, want := range map[string]int{"": 0, "Paris": 5, "巴黎": 4, "第1天": 5, "Ｐ": 2, "Hôtel": 5} {
		if got := Width(s); got != want {
			t.Errorf("Width(%q) = %d, want %d", s, got, want)
		}
	}
}
