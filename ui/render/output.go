package render

import (
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"time"
)

// Output is a file being written atomically, for the CLI's export and the
// window's alike: a temporary file beside its target, created first so that
// an unwritable directory fails at once, renamed over the target by Commit
// (or hard-linked to it without overwrite), removed by Abort or, after a
// signal, by RemoveTemps.
type Output struct {
	name   string      // as given
	target string      // name with its symbolic links followed
	inputs []string    // the input files, never overwritten
	force  bool        // overwrite an existing regular file
	mode   fs.FileMode // permissions of the new file: the replaced one's, else 0644
	f      *os.File
}

// CreateOutput checks that name may be written (see checkOutput) and
// creates the temporary file in the directory of the file name designates.
// With overwrite an existing regular file is replaced; never a directory,
// device, named pipe or socket, nor one of inputs.
func CreateOutput(name string, inputs []string, overwrite bool) (*Output, error) {
	force := overwrite
	target, st, err := checkOutput(name, inputs, force)
	if err != nil {
		return nil, err
	}
	o := &Output{name: name, target: target, inputs: inputs, force: force, mode: 0o644}
	if st != nil {
		o.mode = st.Mode().Perm()
	}
	if o.f, err = createTemp(dirOf(target)); err != nil {
		// The folder and why, not the temporary file's name, which the
		// user never gave.
		return nil, fmt.Errorf("cannot write %s: cannot create a file in %s: %v", name, dirOf(target), reason(err))
	}
	return o, nil
}

// Write writes to the temporary file. An error is the reason alone
// ("no space left on device"): callers name the output, and the
// temporary file's name would only puzzle the user.
func (o *Output) Write(p []byte) (int, error) {
	n, err := o.f.Write(p)
	return n, reason(err)
}

// reason is err without the path of a *fs.PathError: the temporary
// file's, which messages do not show.
func reason(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Name is the path the output will have once committed, as given.
func (o *Output) Name() string { return o.name }

// TempName is the temporary file's path, for a program that writes it by
// name (ffmpeg); Commit and Abort still decide its fate.
func (o *Output) TempName() string { return o.f.Name() }

// Commit makes the written bytes the content of the target: synced, then
// renamed over it (with overwrite) or hard-linked to its name, which fails if
// a file appeared there meanwhile. The checks of checkOutput are made
// again first, so that a directory, device or input file that took the
// target's place during the load is not replaced either; what remains is a
// window of a few system calls that no rename can close. On error the
// temporary file is removed.
func (o *Output) Commit() (err error) {
	defer func() {
		if err != nil {
			o.Abort()
		}
	}()
	if err = o.f.Sync(); err != nil {
		return fmt.Errorf("cannot write %s: %v", o.name, reason(err))
	}
	if err = o.f.Close(); err != nil {
		return fmt.Errorf("cannot write %s: %v", o.name, reason(err))
	}
	if err = os.Chmod(o.f.Name(), o.mode); err != nil {
		return fmt.Errorf("cannot write %s: %v", o.name, err)
	}
	target, _, err := checkOutput(o.name, o.inputs, o.force)
	if err != nil {
		return err
	}
	if target != o.target {
		return fmt.Errorf("cannot write %s: it became a link to %s while the image was drawn", o.name, target)
	}
	// Under the lock of the temporary files: a signal arriving now finds
	// the temporary file either still there and registered, or gone.
	temps.mu.Lock()
	defer temps.mu.Unlock()
	tmp := o.f.Name()
	if !o.force {
		err = link(tmp, o.target)
		switch {
		case err == nil:
			os.Remove(tmp)
			delete(temps.names, tmp)
			return nil
		case errors.Is(err, fs.ErrExist):
			return existsError(o.name, "")
		}
		// A file system without hard links (FAT and exFAT memory sticks,
		// some network shares): checked, then renamed; a file made between
		// the two is the only one that could be replaced.
		if _, err = os.Lstat(o.target); err == nil {
			return existsError(o.name, "")
		} else if !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("cannot write %s: %v", o.name, err)
		}
	}
	if err = os.Rename(tmp, o.target); err != nil {
		return fmt.Errorf("cannot write %s: %v", o.name, err)
	}
	delete(temps.names, tmp)
	return nil
}

// Abort removes the temporary file; the target is left as it was. It may
// be called after commit, and more than once.
func (o *Output) Abort() {
	o.f.Close()
	temps.mu.Lock()
	defer temps.mu.Unlock()
	if w, ok := temps.names[o.f.Name()]; ok {
		removeTemp(o.f.Name(), w)
	}
}

// startWriter starts cmd, a program that writes o's temporary file by
// name, and registers it with the file: Abort and RemoveTemps end it
// before they remove the file, which it would otherwise create again
// (ffmpeg opens its output when the first frame is encoded, and a
// process left behind by a signal finishes its file).
func (o *Output) startWriter(cmd *exec.Cmd) error {
	temps.mu.Lock()
	defer temps.mu.Unlock()
	if _, ok := temps.names[o.f.Name()]; !ok {
		return fmt.Errorf("cannot write %s: its temporary file is gone", o.name)
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	temps.names[o.f.Name()] = cmd.Process
	return nil
}

// maxLinks bounds the symbolic links followed from -o, as the kernel's
// ELOOP does (40 on Linux).
const maxLinks = 40

// checkOutput returns the file that writing name would replace: name with
// its symbolic links followed (a link is written through, never replaced),
// and that file's FileInfo when it exists. It refuses, with or without
// force, a target that is not a regular file (directory, device, named
// pipe, socket) and one that is one of the inputs (os.SameFile: through
// links, hard or symbolic); without force it refuses any existing name,
// a dangling link included.
func checkOutput(name string, inputs []string, force bool) (string, fs.FileInfo, error) {
	target := name
	shown := name
	for n := 0; ; n++ {
		st, err := os.Lstat(target)
		if errors.Is(err, fs.ErrNotExist) {
			break
		}
		if err != nil {
			return "", nil, fmt.Errorf("cannot write %s: %v", name, err)
		}
		if st.Mode()&fs.ModeSymlink == 0 {
			if what := Irregular(st.Mode()); what != "" {
				return "", nil, fmt.Errorf("%s is %s; refusing to replace it", shown, what)
			}
			for _, in := range inputs {
				if ist, err := os.Stat(in); err == nil && os.SameFile(st, ist) {
					return "", nil, fmt.Errorf("%s is the input file %s; refusing to overwrite it", shown, in)
				}
			}
			if !force {
				return "", nil, existsError(name, "")
			}
			return target, st, nil
		}
		if n == maxLinks {
			return "", nil, fmt.Errorf("cannot write %s: more than %d symbolic links", name, maxLinks)
		}
		dest, err := os.Readlink(target)
		if err != nil {
			return "", nil, fmt.Errorf("cannot write %s: %v", name, err)
		}
		if !filepath.IsAbs(dest) {
			// Not filepath.Join: cleaning "dir/../x" lexically is wrong
			// when dir is itself a link; the kernel resolves it as it goes.
			dest = dirOf(target) + string(filepath.Separator) + dest
		}
		target = dest
		shown = fmt.Sprintf("%s (a link to %s)", name, target)
	}
	if !force && target != name {
		return "", nil, existsError(name, target)
	}
	dir := dirOf(target)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return "", nil, fmt.Errorf("cannot write %s: directory %s does not exist", shown, dir)
	}
	return target, nil, nil
}

// SameOutput reports whether writing a and b would write one file: the
// same name, one file (hard links), or the same place once symbolic links
// are followed (a link to a folder, a link to the other name). Two outputs
// of one command (an image and its view) must not be one: the second
// would replace the first.
func SameOutput(a, b string) bool {
	if filepath.Clean(a) == filepath.Clean(b) {
		return true
	}
	if sa, err := os.Stat(a); err == nil {
		if sb, err := os.Stat(b); err == nil {
			return os.SameFile(sa, sb)
		}
	}
	ra, rb := resolvedOutput(a), resolvedOutput(b)
	return ra != "" && ra == rb
}

// resolvedOutput is the absolute, link-free path that writing p would
// create or replace ("" if its folder cannot be resolved): p's own links
// followed, as CreateOutput does, then its folder's.
func resolvedOutput(p string) string {
	for range maxLinks {
		dest, err := os.Readlink(p)
		if err != nil {
			break
		}
		if !filepath.IsAbs(dest) {
			dest = dirOf(p) + string(filepath.Separator) + dest
		}
		p = dest
	}
	dir, err := filepath.EvalSymlinks(dirOf(p))
	if err != nil {
		return ""
	}
	abs, err := filepath.Abs(filepath.Join(dir, filepath.Base(p)))
	if err != nil {
		return ""
	}
	return abs
}

// dirOf is the directory part of p, uncleaned (unlike filepath.Dir) so
// that it names the directory the kernel would put p in.
func dirOf(p string) string {
	i := len(p) - 1
	for i >= 0 && !os.IsPathSeparator(p[i]) {
		i--
	}
	switch {
	case i < 0:
		return "."
	case i == 0:
		return p[:1]
	}
	return p[:i]
}

// Irregular names what a file of mode m is when it is not a regular file
// ("a directory", "a named pipe", "a device"), else "".
func Irregular(m fs.FileMode) string {
	switch {
	case m.IsRegular():
		return ""
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "not a regular file"
}

// temps are the temporary files of the writes in progress, each with the
// process writing it by name (ffmpeg), nil for none. Its lock is held
// while one is created and registered, its writer started, committed or
// removed, and by ExitRemovingTemps until the process ends, so that a
// signal never lands between a file's creation (or its writer's start) and
// its registration.
var temps struct {
	mu    sync.Mutex
	names map[string]*os.Process
}

// createTemp creates an empty file with a short random name (28 bytes at
// most, so that any legal target name works: NAME_MAX is 255) in dir, and
// registers it in temps in the same critical section.
func createTemp(dir string) (*os.File, error) {
	for range 100 {
		name := filepath.Join(dir, ".threatmap-"+strconv.FormatUint(rand.Uint64(), 36)+".tmp")
		temps.mu.Lock()
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
		if err == nil {
			if temps.names == nil {
				temps.names = map[string]*os.Process{}
			}
			temps.names[name] = nil
		}
		temps.mu.Unlock()
		if !errors.Is(err, fs.ErrExist) {
			return f, err
		}
	}
	return nil, errors.New("no unused temporary file name")
}

// RemoveTemps deletes the temporary files of the writes in progress, so
// that a window closed mid-export leaves nothing behind.
func RemoveTemps() {
	temps.mu.Lock()
	defer temps.mu.Unlock()
	removeTemps()
}

// ExitRemovingTemps removes the temporary files of the writes in progress
// and exits with code, keeping the lock of temps so that no temporary file
// is created in between: call it from a signal handler.
func ExitRemovingTemps(code int) {
	temps.mu.Lock()
	removeTemps()
	os.Exit(code)
}

// removeTemps removes the registered temporary files; temps.mu is held.
func removeTemps() {
	for name, w := range temps.names {
		removeTemp(name, w)
	}
}

// writerGrace bounds the wait for a killed writer to end: it ends at once
// unless the kernel holds it in uninterruptible I/O.
const writerGrace = 2 * time.Second

// removeTemp kills w, the process writing name (nil: none), waits for it
// to end, then removes name and unregisters it; temps.mu is held.
func removeTemp(name string, w *os.Process) {
	if w != nil {
		w.Kill()
		done := make(chan struct{})
		go func() {
			w.Wait() // or the writer's own Cmd.Wait reaps it: either returns once it ended
			close(done)
		}()
		select {
		case <-done:
		case <-time.After(writerGrace):
		}
	}
	os.Remove(name)
	delete(temps.names, name)
}

// link is os.Link; tests stand in a file system without hard links.
var link = os.Link

// ExistsError says that an output's name is taken and overwriting was not
// asked for. It matches fs.ErrExist.
type ExistsError struct {
	Name   string
	Target string // where Name links to, when it is a symbolic link
}

func (e *ExistsError) Error() string {
	if e.Target != "" {
		return fmt.Sprintf("%s exists (a link to %s)", e.Name, e.Target)
	}
	return e.Name + " exists"
}

// Unwrap makes errors.Is(err, fs.ErrExist) true.
func (e *ExistsError) Unwrap() error { return fs.ErrExist }

func existsError(name, target string) error { return &ExistsError{Name: name, Target: target} }
