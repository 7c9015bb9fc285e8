package xlsx

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"github.com/travelkit/travelkit/inquiry"
)

// Sheet is the name of the worksheet the record is written to.
const Sheet = "Record"

// WriteRecord writes the consultation record of inqs as an XLSX workbook:
// one worksheet, the header in bold and frozen, one row per inquiry, the
// same cells as inquiry.RecordTable.
func WriteRecord(out io.Writer, inqs []inquiry.Inquiry, v inquiry.RecordView) error {
	header, rows := inquiry.RecordTable(inqs, v)
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", Sheet); err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	write := func(r int, cells []string) error {
		vals := make([]any, len(cells))
		for i, c := range cells {
			vals[i] = c
		}
		cell, err := excelize.CoordinatesToCellName(1, r)
		if err != nil {
			return err
		}
		return f.SetSheetRow(Sheet, cell, &vals)
	}
	if err := write(1, header); err != nil {
		return err
	}
	last, err := excelize.CoordinatesToCellName(len(header), 1)
	if err != nil {
		return err
	}
	if err := f.SetCellStyle(Sheet, "A1", last, bold); err != nil {
		return err
	}
	for i, r := range rows {
		if err := write(i+2, r); err != nil {
			return fmt.Errorf("row %d: %w", i+2, err)
		}
	}
	if err := f.SetPanes(Sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	_, err = f.WriteTo(out)
	return err
}
