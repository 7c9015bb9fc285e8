package web

import (
	"io/fs"
	"os"
)

// osFS reads the package's own source files.
type osFS struct{}

func (osFS) Open(name string) (fs.File, error) { return os.Open(name) }
