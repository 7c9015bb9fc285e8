package csvout_test

import (
	"fmt"
	"os"

	"github.com/travelkit/travelkit/internal/csvout"
)

func ExampleWriter() {
	w := csvout.NewWriter(os.Stdout)
	_ = w.Write([]string{"INQ-1", `=HYPERLINK("http://evil.example")`, "王磊"})
	fmt.Println(w.Flush())
	// Output:
	// INQ-1,"'=HYPERLINK(""http://evil.example"")",王磊
	// <nil>
}
