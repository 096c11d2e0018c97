package render

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// fakeFFmpeg puts testdata/fakeffmpeg/ffmpeg first on PATH and returns
// the directory where it records its arguments and input.
func fakeFFmpeg(t *testing.T, fail bool) string {
	bin, err := filepath.Abs("testdata/fakeffmpeg")
	if err != nil {
		t.Fatal(err)
	}
	rec := t.TempDir()
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	t.Setenv("FAKE_FFMPEG_DIR", rec)
	t.Setenv("FAKE_FFMPEG_LATE", "")
	t.Setenv("FAKE_FFMPEG_SILENT", "")
	if fail {
		t.Setenv("FAKE_FFMPEG_FAIL", "1")
	} else {
		t.Setenv("FAKE_FFMPEG_FAIL", "")
	}
	return rec
}

// TestVideoPipe: ffmpeg is asked for the format, size and rate, reads
// every frame's RGBA pixels on its standard input, writes the temporary
// file, which becomes the output.
func TestVideoPipe(t *testing.T) {
	for _, ext := range []string{".mp4", ".webm"} {
		t.Run(ext, func(t *testing.T) {
			rec := fakeFFmpeg(t, false)
			const w, h, n = 64, 36, 3
			a := ghostAnim(t, w, h, n, Dark)
			path := writeAnim(t, a, 25, "spread"+ext)
			if b, _ := os.ReadFile(path); string(b) != "fake video" {
				t.Fatalf("output %q, want what ffmpeg wrote", b)
			}
			args, _ := os.ReadFile(filepath.Join(rec, "args"))
			list := strings.Split(strings.TrimSpace(string(args)), "\n")
			for _, want := range [][]string{{"-f", "rawvideo"}, {"-pix_fmt", "rgba"}, {"-video_size", "64x36"}, {"-framerate", "25"}, {"-i", "pipe:0"}, {"-f", ext[1:]}} {
				i := slices.Index(list, want[0])
				for i >= 0 && i+1 < len(list) && list[i+1] != want[1] {
					j := slices.Index(list[i+1:], want[0])
					if j < 0 {
						i = -1
						break
					}
					i += 1 + j
				}
				if i < 0 {
					t.Errorf("arguments %q lack %q", list, want)
				}
			}
			if out, ok := strings.CutPrefix(list[len(list)-1], "file:"); !ok || filepath.Dir(out) != filepath.Dir(path) || !strings.HasPrefix(filepath.Base(out), ".threatmap-") {
				t.Errorf("ffmpeg wrote %s, want a file: URL of a temporary file beside %s", list[len(list)-1], path)
			}
			in, _ := os.ReadFile(filepath.Join(rec, "stdin"))
			if len(in) != n*w*h*4 {
				t.Fatalf("ffmpeg read %d bytes, want %d frames of %dx%d RGBA", len(in), n, w, h)
			}
			an := NewAnimator(a)
			for k := range n {
				img, _ := an.Frame(k)
				if !bytes.Equal(in[k*w*h*4:(k+1)*w*h*4], img.Pix) {
					t.Errorf("frame %d: ffmpeg got other pixels than the animator draws", k)
				}
			}
			assertNoTemps(t, filepath.Dir(path))
		})
	}
}

// TestFFmpegOutputIsAFile: ffmpeg is given its output as a file: URL,
// whatever the folder's name: it took "a:b/x.tmp" for protocol "a" (not
// found), and "file:/x.tmp", in a folder named "file:", for /x.tmp.
func TestFFmpegOutputIsAFile(t *testing.T) {
	for _, out := range []string{"a:b/.threatmap-1.tmp", "file:/.threatmap-1.tmp", "/srv/maps/.threatmap-1.tmp", "-x/.threatmap-1.tmp"} {
		args := ffmpegArgs(FormatMP4, 64, 36, 10, out)
		if got := args[len(args)-1]; got != "file:"+out {
			t.Errorf("output argument %q, want %q", got, "file:"+out)
		}
	}
}

// TestVideoFFmpegFails: ffmpeg's failure is reported with what it said,
// and nothing is left behind.
func TestVideoFFmpegFails(t *testing.T) {
	fakeFFmpeg(t, true)
	dir := t.TempDir()
	path := filepath.Join(dir, "spread.mp4")
	out, err := CreateOutput(path, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	err = WriteAnimation(context.Background(), out, ghostAnim(t, 64, 36, 3, Dark), 10, nil)
	out.Abort()
	if err == nil || !strings.Contains(err.Error(), "Unknown encoder") {
		t.Fatalf("error %v, want ffmpeg's message", err)
	}
	assertNoFiles(t, dir)
}

// TestVideoFFmpegWritesNothing: an ffmpeg that exits with success but
// writes nothing is a failure; its empty file was committed as the video.
func TestVideoFFmpegWritesNothing(t *testing.T) {
	fakeFFmpeg(t, false)
	t.Setenv("FAKE_FFMPEG_SILENT", "1")
	dir := t.TempDir()
	out, err := CreateOutput(filepath.Join(dir, "spread.webm"), nil, false)
	if err != nil {
		t.Fatal(err)
	}
	err = WriteAnimation(context.Background(), out, ghostAnim(t, 64, 36, 3, Dark), 10, nil)
	out.Abort()
	if err == nil || !strings.Contains(err.Error(), "ffmpeg failed") || !strings.Contains(err.Error(), "wrote nothing") {
		t.Fatalf("error %v, want ffmpeg named as having written nothing", err)
	}
	assertNoFiles(t, dir)
}

// TestAnimationCancel: cancelling mid-way returns ErrCancelled; Abort
// leaves nothing, for a GIF and for ffmpeg.
func TestAnimationCancel(t *testing.T) {
	fakeFFmpeg(t, false)
	for _, name := range []string{"spread.gif", "spread.mp4"} {
		dir := t.TempDir()
		out, err := CreateOutput(filepath.Join(dir, name), nil, false)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		err = WriteAnimation(ctx, out, ghostAnim(t, 64, 36, 5, Dark), 10, func(done, total int) {
			if done == 2 {
				cancel()
			}
		})
		out.Abort()
		if !errors.Is(err, ErrCancelled) {
			t.Fatalf("%s: error %v, want ErrCancelled", name, err)
		}
		assertNoFiles(t, dir)
	}
}

// TestVideoRemoveTempsEndsFFmpeg: a signal mid-export (RemoveTemps)
// ends ffmpeg before removing its temporary file; left running, it wrote
// the file again once its input ended, and a .threatmap-*.tmp stayed.
func TestVideoRemoveTempsEndsFFmpeg(t *testing.T) {
	fakeFFmpeg(t, false)
	t.Setenv("FAKE_FFMPEG_LATE", "0.3")
	dir := t.TempDir()
	out, err := CreateOutput(filepath.Join(dir, "spread.mp4"), nil, false)
	if err != nil {
		t.Fatal(err)
	}
	err = WriteAnimation(context.Background(), out, ghostAnim(t, 64, 36, 4, Dark), 10, func(done, total int) {
		if done == 2 {
			RemoveTemps()
		}
	})
	if err == nil {
		t.Error("WriteAnimation succeeded after its ffmpeg was ended")
	}
	out.Abort()
	time.Sleep(500 * time.Millisecond) // past the fake's wait: a live one would write now
	assertNoFiles(t, dir)
}

// TestVideoWithoutFFmpeg: with no ffmpeg on PATH the error names it and
// the alternative.
func TestVideoWithoutFFmpeg(t *testing.T) {
	t.Setenv("PATH", "")
	for _, name := range []string{"a.mp4", "b.WEBM"} {
		_, err := AnimFormat(name)
		if err == nil || !strings.Contains(err.Error(), "needs ffmpeg") || !strings.Contains(err.Error(), ".gif") {
			t.Errorf("%s: error %v, want one naming ffmpeg and .gif", name, err)
		}
	}
	if f, err := AnimFormat("a.GIF"); err != nil || f != FormatGIF {
		t.Errorf("a.GIF: %q, %v", f, err)
	}
	if _, err := AnimFormat("a.png"); err == nil || !strings.Contains(err.Error(), ".gif, .mp4 or .webm") {
		t.Errorf("a.png: %v", err)
	}
}

func assertNoFiles(t *testing.T, dir string) {
	t.Helper()
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("%s holds %v, want nothing", dir, ents)
	}
}

func assertNoTemps(t *testing.T, dir string) {
	t.Helper()
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".threatmap-") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}
