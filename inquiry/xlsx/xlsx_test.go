package xlsx_test

import (
	"bytes"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/language"

	"github.com/travelkit/travelkit/inquiry"
	"github.com/travelkit/travelkit/inquiry/xlsx"
	"github.com/travelkit/travelkit/itinerary"
	"github.com/travelkit/travelkit/pricing"
)

func record() []inquiry.Inquiry {
	sh, _ := time.LoadLocation("Asia/Shanghai")
	budget, _ := pricing.Parse("28000.00", "CNY")
	return []inquiry.Inquiry{{ID: "INQ-1", Channel: inquiry.WeChat, ReceivedAt: time.Date(2026, 11, 20, 10, 0, 0, 0, sh), Consultant: "chen",
		CustomerID: "c1", Status: inquiry.Qualified, Needs: inquiry.Needs{Destinations: []string{"欧洲"}, Earliest: date.New(2027, 5, 1),
			Latest: date.New(2027, 5, 3), Party: []date.Date{date.New(1985, 3, 12)}, Budget: &inquiry.Budget{Amount: budget, Basis: inquiry.PerPerson},
			Interests: []inquiry.Weighted{{Interest: itinerary.ThemeHistory, Weight: 8}}}}}
}

// The workbook, opened again with the same library, holds exactly the
// record's table, the header bold and frozen.
func TestWorkbookReadsBack(t *testing.T) {
	sh, _ := time.LoadLocation("Asia/Shanghai")
	v := inquiry.RecordView{Lang: language.SimplifiedChinese, Zone: sh, Customers: map[string]string{"c1": "王磊"}}
	var b bytes.Buffer
	if err := xlsx.WriteRecord(&b, record(), v); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(xlsx.Sheet)
	if err != nil {
		t.Fatal(err)
	}
	header, want := inquiry.RecordTable(record(), v)
	want = append([][]string{header}, want...)
	for i := range want { // a sheet drops trailing empty cells
		for len(want[i]) > 0 && want[i][len(want[i])-1] == "" {
			want[i] = want[i][:len(want[i])-1]
		}
	}
	if len(rows) != len(want) || !slices.Equal(rows[0], want[0]) || !slices.Equal(rows[1], want[1]) {
		t.Errorf("rows\n got %q\nwant %q", rows, want)
	}
	if rows[1][4] != "王磊" || rows[1][6] != "欧洲" {
		t.Errorf("Chinese text: %q", rows[1])
	}
	style, _ := f.GetCellStyle(xlsx.Sheet, "A1")
	s, err := f.GetStyle(style)
	if err != nil || s.Font == nil || !s.Font.Bold {
		t.Errorf("header style %+v %v", s, err)
	}
	panes, err := f.GetPanes(xlsx.Sheet)
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("panes %+v %v", panes, err)
	}
}

func ExampleWriteRecord() {
	var b bytes.Buffer
	err := xlsx.WriteRecord(&b, record(), inquiry.RecordView{Lang: language.English})
	f, _ := excelize.OpenReader(&b)
	rows, _ := f.GetRows(xlsx.Sheet)
	fmt.Println(err, len(rows), rows[0][0], rows[1][0], rows[1][11])
	// Output: <nil> 2 ID INQ-1 qualified
}
