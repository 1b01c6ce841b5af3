package remote

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tensogram-go/tensogram-go/core"
)

// startAzurite runs Azurite's blob service (npm package azurite) in memory
// on a free loopback port and returns its account endpoint. Without
// azurite-blob on PATH the test is skipped, unless TENSOGRAM_REQUIRE_AZURITE
// is set (make test sets it after tools/ensure-azurite.sh installed it), where
// a missing emulator is a failure.
func startAzurite(t *testing.T) string {
	bin, err := exec.LookPath("azurite-blob")
	if err != nil {
		if os.Getenv("TENSOGRAM_REQUIRE_AZURITE") != "" {
			t.Fatal("azurite-blob not on PATH (tools/ensure-azurite.sh installs it)")
		}
		t.Skip("azurite-blob not on PATH (npm install azurite)")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	cmd := exec.Command(bin, "--blobHost", "127.0.0.1", "--blobPort", strconv.Itoa(port), "--inMemoryPersistence",
		"--silent", "--skipApiVersionCheck", "--disableTelemetry")
	cmd.Dir = t.TempDir()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	addr := "127.0.0.1:" + strconv.Itoa(port)
	for deadline := time.Now().Add(30 * time.Second); ; {
		if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("azurite did not start within 30 s")
		}
		time.Sleep(100 * time.Millisecond)
	}
	return "http://" + addr + "/" + azuriteAccount
}

// azurePut creates the container (once) and uploads a block blob with
// Shared Key authentication.
func azurePut(t *testing.T, endpoint, container, name string, data []byte) {
	t.Helper()
	s := &azureSigner{account: azuriteAccount}
	s.key, _ = decodeB64(azuriteKey)
	do := func(method, url string, body []byte, hdr map[string]string) int {
		req, _ := http.NewRequest(method, url, bytes.NewReader(body))
		for k, v := range hdr {
			req.Header.Set(k, v)
		}
		s.sign(req)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if c := do("PUT", endpoint+"/"+container+"?restype=container", nil, nil); c != 201 && c != 409 {
		t.Fatalf("create container: %d", c)
	}
	if c := do("PUT", endpoint+"/"+container+"/"+s3EscapePath(name), data, map[string]string{"X-Ms-Blob-Type": "BlockBlob"}); c != 201 {
		t.Fatalf("put blob: %d", c)
	}
}

func TestAzureFileThroughAzurite(t *testing.T) {
	endpoint := startAzurite(t)
	data := cat(buffered(t, 2, 100, 0), bigMessage(t, 1<<15, "none"), streaming(t, 2, 30, 2))
	azurePut(t, endpoint, "cont", "dir/a b.tgm", data)
	opts := map[string]string{"use_emulator": "true", "azure_storage_endpoint": endpoint, "allow_http": "true"}
	ctx := context.Background()
	rf, err := OpenFile(ctx, "az://cont/dir/a%20b.tgm", opts, OpenOptions{Bidirectional: true})
	if err != nil {
		t.Fatal(err)
	}
	sameObjectsAsLocal(t, rf, data)
	spans := core.Scan(data)
	ranges := []core.Range{{Offset: 5, Count: 10}, {Offset: 30000, Count: 7}}
	msg1 := data[spans[1].Offset : spans[1].Offset+spans[1].Length]
	want, _ := core.DecodeRange(msg1, 0, ranges, nil)
	got, err := rf.DecodeRange(ctx, 1, 0, ranges, nil)
	if err != nil {
		t.Fatal(err)
	}
	sameRanges(t, got, want)
	// Environment: AZURITE_BLOB_STORAGE_URL with use_emulator, then a
	// connection string alone (emulator endpoints imply plain http).
	withEnv(t, map[string]string{"AZURITE_BLOB_STORAGE_URL": endpoint[:len(endpoint)-len(azuriteAccount)-1]})
	if _, err := OpenFile(ctx, "azure://cont/dir/a%20b.tgm", map[string]string{"use_emulator": "true"}, OpenOptions{}); err != nil {
		t.Fatalf("emulator from environment: %v", err)
	}
	withEnv(t, map[string]string{"AZURE_STORAGE_CONNECTION_STRING": "DefaultEndpointsProtocol=http;AccountName=" + azuriteAccount +
		";AccountKey=" + azuriteKey + ";BlobEndpoint=" + endpoint + ";"})
	if _, err := OpenFile(ctx, "az://cont/dir/a%20b.tgm", nil, OpenOptions{}); err != nil {
		t.Fatalf("connection string from environment: %v", err)
	}
	if _, err := OpenFile(ctx, "az://cont/dir/a%20b.tgm", map[string]string{"azure_storage_endpoint": endpoint}, OpenOptions{}); err == nil || !strings.Contains(err.Error(), "allow_http") {
		t.Fatalf("an explicit http endpoint without allow_http: %v", err)
	}
	azurePut(t, endpoint, "cont", "dir/a b.tgm", append([]byte(nil), data...))
	if _, err := rf.ReadMessage(ctx, 0); !errors.Is(err, ErrChanged) {
		t.Fatalf("overwritten blob: %v", err)
	}
	if _, err := Open(ctx, "az://cont/missing.tgm", opts); !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing blob: %v", err)
	}
	bad := map[string]string{"use_emulator": "true", "azure_storage_endpoint": endpoint, "allow_http": "true", "account_key": "AAAA"}
	if _, err := Open(ctx, "az://cont/dir/a%20b.tgm", bad); !errors.Is(err, ErrPermission) && !errors.Is(err, ErrUnauthenticated) {
		t.Fatalf("wrong key: %v", err)
	}
}
