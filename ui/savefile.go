package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage/repository"
)

// fileRepo is Fyne's own "file" repository: everything it can do.
type fileRepo interface {
	repository.WritableRepository
	repository.AppendableRepository
	repository.DeleteAllRepository
	repository.HierarchicalRepository
	repository.ListableRepository
	repository.MovableRepository
	repository.CopyableRepository
}

// lazyFiles is the "file" repository with a Writer that opens its file only
// at the first Write. Fyne's save dialog opens the file the user names, and
// so truncates it (os.Create), before handing it over; the app only takes
// the name from it and writes through render.Output, which refuses to
// replace a loaded input. With lazyFiles the dialog leaves the named file
// as it was, and creates none.
type lazyFiles struct{ fileRepo }

// Exists and the other Repository methods are the original's; they are
// spelled out because the embedded interfaces each carry them.
func (r lazyFiles) Exists(u fyne.URI) (bool, error)               { return r.fileRepo.Exists(u) }
func (r lazyFiles) Reader(u fyne.URI) (fyne.URIReadCloser, error) { return r.fileRepo.Reader(u) }
func (r lazyFiles) CanRead(u fyne.URI) (bool, error)              { return r.fileRepo.CanRead(u) }
func (r lazyFiles) Destroy(scheme string)                         { r.fileRepo.Destroy(scheme) }

// Writer returns a writer that creates (truncates) the file at its first
// Write, not before.
func (r lazyFiles) Writer(u fyne.URI) (fyne.URIWriteCloser, error) {
	return &lazyWriter{uri: u, open: r.fileRepo.Writer}, nil
}

type lazyWriter struct {
	uri  fyne.URI
	open func(fyne.URI) (fyne.URIWriteCloser, error)
	w    fyne.URIWriteCloser
}

func (l *lazyWriter) URI() fyne.URI { return l.uri }

func (l *lazyWriter) Write(p []byte) (int, error) {
	if l.w == nil {
		w, err := l.open(l.uri)
		if err != nil {
			return 0, err
		}
		l.w = w
	}
	return l.w.Write(p)
}

func (l *lazyWriter) Close() error {
	if l.w == nil {
		return nil
	}
	return l.w.Close()
}

// registerLazyFiles puts lazyFiles in place of Fyne's "file" repository
// (again after a new app registered its own); a repository that is not
// Fyne's own (a test driver's) is kept.
func registerLazyFiles() {
	r, err := repository.ForScheme("file")
	if err != nil {
		return
	}
	if _, done := r.(lazyFiles); done {
		return
	}
	if fr, ok := r.(fileRepo); ok {
		repository.Register("file", lazyFiles{fr})
	}
}
