package agency_test

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/feedback"
	"github.com/travelkit/travelkit/pricing"
)

// Messages show short references and local times with place and offset,
// never 32-hex IDs, UTC timestamps or zone IDs.
func TestMessagesReadLikePeopleWrite(t *testing.T) {
	t.Parallel()
	hexID := regexp.MustCompile(`[0-9a-f]{16,}`)
	stamp := regexp.MustCompile(`\d{4}-\d\d-\d\dT\d\d:\d\d`)
	zoneID := regexp.MustCompile(`(Asia|Europe|America)/[A-Z]`)
	total, _ := pricing.Parse("85530.89", "CNY")
	quoteID, complaintID := "c1c9f1c76601d67e8f9c48bfe4836946", "0f3a9b2c4d5e6f708192a3b4c5d6e7f8"
	for _, tc := range []struct {
		typ  string
		lang agency.Language
		p    map[string]any
		want []string
	}{
		{agency.EventQuoteIssued, agency.English, map[string]any{"customer_name": "Wang Lei", "quote_id": quoteID, "version": 1,
			"total": total, "valid_until": "2026-11-30T08:48:37Z", "zone": "Asia/Shanghai", "place": "Beijing"},
			[]string{pricing.Reference(quoteID), "valid until Mon 30 Nov 2026 16:48 (Beijing time, UTC+8)"}},
		{agency.EventQuoteIssued, agency.Chinese, map[string]any{"customer_name": "王磊", "quote_id": quoteID, "version": 1,
			"total": total, "valid_until": "2026-11-30T08:48:37Z", "zone": "Asia/Shanghai", "place": "北京"},
			[]string{pricing.Reference(quoteID), "有效期至 2026年11月30日 星期一 16:48（北京当地时间，UTC+8）"}},
		{agency.EventSLABreached, agency.English, map[string]any{"customer_name": "Wang Lei", "complaint_id": complaintID,
			"target": "resolution", "due": "2027-05-03T18:10:00Z", "zone": "Europe/Paris", "place": "Paris"},
			[]string{feedback.Reference(complaintID), "due Mon 3 May 2027 20:10 (Paris time, UTC+2)"}},
		{agency.EventComplaintOpened, agency.English, map[string]any{"customer_name": "Wang Lei", "complaint_id": complaintID, "summary": "noise"},
			[]string{"reference " + feedback.Reference(complaintID)}},
	} {
		payload, _ := json.Marshal(tc.p)
		n, err := agency.Render(agency.Event{ID: "e1", Type: tc.typ, Language: tc.lang, Payload: payload})
		if err != nil {
			t.Fatal(err)
		}
		text := n.Subject + "\n" + n.Body
		for _, w := range tc.want {
			if !strings.Contains(text, w) {
				t.Errorf("%s %s lacks %q:\n%s", tc.typ, tc.lang, w, text)
			}
		}
		for _, bad := range []*regexp.Regexp{hexID, stamp, zoneID} {
			if m := bad.FindString(text); m != "" {
				t.Errorf("%s %s shows %q:\n%s", tc.typ, tc.lang, m, text)
			}
		}
	}
}
