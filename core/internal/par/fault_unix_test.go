//go:build unix

package par

import (
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"syscall"
	"testing"
)

// A worker reading a mapping whose file shrank faults like the caller
// would: with panic-on-fault set on the caller, the fault comes back as a
// *Panic carrying the runtime error and its address, not a SIGBUS that
// ends the process.
func TestWorkerInheritsPanicOnFault(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m")
	if err := os.WriteFile(path, make([]byte, 2*os.Getpagesize()), 0o600); err != nil {
		t.Fatal(err)
	}
	fh, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	m, err := syscall.Mmap(int(fh.Fd()), 0, 2*os.Getpagesize(), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Munmap(m)
	if err := os.Truncate(path, 0); err != nil {
		t.Fatal(err)
	}
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		p, ok := recover().(*Panic)
		if !ok {
			t.Fatalf("recovered %v, want a *Panic", p)
		}
		_, isRuntime := p.Value.(runtime.Error)
		_, hasAddr := p.Value.(interface{ Addr() uintptr })
		if !isRuntime || !hasAddr {
			t.Fatalf("worker panic %T %v is not a memory fault", p.Value, p.Value)
		}
	}()
	var sink byte
	var g Group
	g.Go(func() { sink = m[os.Getpagesize()] })
	g.Wait()
	t.Fatalf("read %d from a truncated mapping", sink)
}
