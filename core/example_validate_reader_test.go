package core_test

import (
	"bytes"
	"fmt"
	"log"

	"github.com/tensogram-go/tensogram-go/core"
)

// ValidateReaderAt validates anything readable at an offset (an *os.File,
// a bytes.Reader, a remote object) message by message; Workers validates
// several messages at once with the same report, Progress is called after
// each message.
func ExampleValidateReaderAt() {
	data := bytes.Repeat(twoFields(), 3)
	var done []int
	rep, err := core.ValidateReaderAt(bytes.NewReader(data), int64(len(data)), &core.ValidateOptions{
		Mode:     core.ModeFull,
		Workers:  2,
		Progress: func(n, total int) { done = append(done, n) },
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(rep.OK(), len(rep.Messages), done)
	// Output:
	// true 3 [1 2 3]
}
