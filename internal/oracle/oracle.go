package oracle

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// RequireNode skips the test, saying why, when node is not installed; for
// oracles built into node itself (Intl, from ICU).
func RequireNode(t testing.TB, what string) {
	t.Helper()
	if _, err := exec.LookPath("node"); err != nil {
		t.Skipf("oracle: node is not installed; skipping the check against %s", what)
	}
}

// Node installs the npm packages (name@version) into a cache directory
// shared by test runs and returns it; the test is skipped when node or npm
// is missing or the install fails (no registry at hand).
func Node(t testing.TB, packages ...string) string {
	t.Helper()
	for _, tool := range []string{"node", "npm"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("oracle: %s is not installed; skipping the check against %s", tool, strings.Join(packages, ", "))
		}
	}
	base, err := os.UserCacheDir()
	if err != nil {
		base = os.TempDir()
	}
	sum := sha256.Sum256([]byte(strings.Join(packages, " ")))
	dir := filepath.Join(base, "travelkit-oracle", hex.EncodeToString(sum[:8]))
	if _, err := os.Stat(filepath.Join(dir, "installed")); err == nil {
		return dir
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Skipf("oracle: cannot make %s: %v", dir, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	args := append([]string{"install", "--no-audit", "--no-fund", "--silent", "--prefix", dir}, packages...)
	if out, err := exec.CommandContext(ctx, "npm", args...).CombinedOutput(); err != nil {
		t.Skipf("oracle: npm install %s failed (%v); skipping:\n%s", strings.Join(packages, " "), err, out)
	}
	_ = os.WriteFile(filepath.Join(dir, "installed"), nil, 0o644)
	return dir
}

// Run runs a node script with the packages of dir resolvable, feeding
// stdin, and returns its standard output; a failing script fails the test.
func Run(t testing.TB, dir, script string, stdin []byte) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", "-e", script)
	cmd.Env = append(os.Environ(), "NODE_PATH="+filepath.Join(dir, "node_modules"))
	cmd.Stdin = bytes.NewReader(stdin)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("oracle: node: %v\n%s", err, stderr.String())
	}
	return out
}
