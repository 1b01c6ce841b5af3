package core

// Validating the messages of a file on several goroutines: messages are
// read in file order by the caller's goroutine, validated by at most
// Workers goroutines, and their reports kept in file order.

import "sync"

// validateAll validates every span's message and returns the reports in
// span order. A read error stops the run (validations already started
// finish first) and is returned.
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
		wg   sync.WaitGroup
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
			wg.Wait()
			return nil, err
		}
		if workers == 1 {
			finished(i, ValidateMessage(b, opts))
			continue
		}
		slots <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-slots }()
			finished(i, ValidateMessage(b, opts))
		}()
	}
	wg.Wait()
	return reports, nil
}
