package core

// Validating the messages of a file on several goroutines: messages are
// read in file order by the caller's goroutine, validated by at most
// Workers goroutines, and their reports kept in file order.

import (
	"sync"

	"github.com/tensogram-go/tensogram-go/core/internal/par"
)

// validateAll validates every span's message and returns the reports in
// span order. A read error stops the run (validations already started
// finish first) and is returned. A panic while validating on a worker
// goroutine is re-raised on the caller's (as a *par.Panic) once the others
// have finished, where the caller's recover sees it.
func validateAll(spans []MessageSpan, read func(MessageSpan) ([]byte, error), opts *ValidateOptions) ([]*Report, error) {
	reports := make([]*Report, len(spans))
	workers := 1
	var progress func(done, total int)
	if opts != nil {
		workers, progress = max(opts.Workers, 1), opts.Progress
	}
	var (
		mu   sync.Mutex
		done int
		g    par.Group
	)
	finished := func(i int, r *Report) {
		mu.Lock()
		defer mu.Unlock()
		reports[i] = r
		done++
		if progress != nil {
			progress(done, len(spans))
		}
	}
	slots := make(chan struct{}, workers)
	for i, s := range spans {
		b, err := read(s)
		if err != nil {
			g.Wait()
			return nil, err
		}
		if workers == 1 {
			finished(i, ValidateMessage(b, opts))
			continue
		}
		slots <- struct{}{}
		g.Go(func() {
			defer func() { <-slots }()
			finished(i, ValidateMessage(b, opts))
		})
	}
	g.Wait()
	return reports, nil
}
