package phonetest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// builds remembers what this test binary has built, by directory, so a
// suite of many subtests (or -count=20) links each server once.
var builds struct {
	sync.Mutex
	byDir map[string]*build
}

// A build is one server binary, built at most once.
type build struct {
	once sync.Once
	bin  string
	err  error
}

// Build compiles the main package in dir (relative to the test's working
// directory) and returns the binary's path. It builds with the tags the
// test was built with, so `go test -tags exercise01` tests the learner's
// code. The binary goes to a fixed place under the temporary directory,
// one per package and tags, so repeated runs replace it instead of
// leaving copies behind.
func Build(t testing.TB, dir string) string {
	t.Helper()
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatalf("phonetest: where is %q? %v", dir, err)
	}
	builds.Lock()
	if builds.byDir == nil {
		builds.byDir = map[string]*build{}
	}
	b := builds.byDir[abs]
	if b == nil {
		b = &build{}
		builds.byDir[abs] = b
	}
	builds.Unlock()

	b.once.Do(func() { b.bin, b.err = goBuild(abs) })
	if b.err != nil {
		t.Fatalf("phonetest: cannot build the server in %s:\n%v", dir, b.err)
	}
	return b.bin
}

// goBuild runs `go build` in dir. It writes to a new name and renames,
// so another test process starting the old binary never sees half a
// file.
func goBuild(dir string) (string, error) {
	sum := sha256.Sum256([]byte(dir + "\x00" + buildTags))
	out := filepath.Join(os.TempDir(), "holdtheline-phonetest",
		hex.EncodeToString(sum[:6]))
	if err := os.MkdirAll(out, 0o755); err != nil {
		return "", err
	}
	tmp, err := os.CreateTemp(out, "building-*")
	if err != nil {
		return "", err
	}
	tmp.Close()
	defer os.Remove(tmp.Name()) // only left if the build failed

	args := []string{"build", "-o", tmp.Name()}
	if buildTags != "" {
		args = append(args, "-tags", buildTags)
	}
	cmd := exec.Command("go", append(args, ".")...)
	cmd.Dir = dir
	if msg, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go %v: %v\n%s", args, err, msg)
	}
	bin := filepath.Join(out, filepath.Base(dir))
	if err := os.Rename(tmp.Name(), bin); err != nil {
		return "", err
	}
	return bin, nil
}
