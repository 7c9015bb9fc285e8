// Package xlsx writes the consultation record (客户咨询记录表) as an XLSX
// workbook through github.com/xuri/excelize/v2. It lives apart from the
// inquiry package so that programs that do not export spreadsheets do
// not compile the spreadsheet library.
package xlsx
