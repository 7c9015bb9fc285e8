package oracle

import (
	"os/exec"
	"testing"
)

func TestRunFeedsStdinAndReturnsStdout(t *testing.T) {
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("node is not installed")
	}
	got := Run(t, t.TempDir(), `process.stdout.write(require("fs").readFileSync(0, "utf8").toUpperCase())`, []byte("ical"))
	if string(got) != "ICAL" {
		t.Fatalf("got %q", got)
	}
}
