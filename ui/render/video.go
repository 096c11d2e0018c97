package render

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// Animation formats, chosen by the output's extension.
const (
	FormatGIF  = "gif"
	FormatMP4  = "mp4"
	FormatWebM = "webm"
)

// IsAnimation reports whether path's extension is an animation's: .gif,
// .mp4 or .webm, in any case.
func IsAnimation(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".gif", ".mp4", ".webm":
		return true
	}
	return false
}

// AnimFormat returns the animation format path's extension names, and
// for a video whether ffmpeg, which writes it, is on PATH: the error
// names the missing tool and the alternative.
func AnimFormat(path string) (string, error) {
	ext := strings.ToLower(filepath.Ext(path))
	switch ext {
	case ".gif":
		return FormatGIF, nil
	case ".mp4", ".webm":
		if _, err := exec.LookPath("ffmpeg"); err != nil {
			return "", fmt.Errorf("writing %s needs ffmpeg, which is not on PATH: install it (Debian: apt-get install ffmpeg) or write a .gif instead", ext)
		}
		return ext[1:], nil
	}
	return "", fmt.Errorf("%s: an animation is written as .gif, .mp4 or .webm (the extension chooses)", path)
}

// ffmpegArgs are the arguments that make ffmpeg read raw RGBA frames of
// w x h at fps from its standard input and write them to out as format.
// H.264 and VP9 in 4:2:0 need even sides: an odd one gets a padding row
// or column (black). out is given as a file: URL, since ffmpeg reads a
// name with a colon before its first slash as a protocol: in a folder
// "a:b" it found no protocol "a", and in a folder "file:" it wrote the
// root's /.threatmap-*.tmp.
func ffmpegArgs(format string, w, h, fps int, out string) []string {
	args := []string{"-hide_banner", "-loglevel", "error", "-y",
		"-f", "rawvideo", "-pix_fmt", "rgba", "-video_size", strconv.Itoa(w) + "x" + strconv.Itoa(h),
		"-framerate", strconv.Itoa(fps), "-i", "pipe:0",
		"-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2", "-pix_fmt", "yuv420p"}
	switch format {
	case FormatWebM:
		args = append(args, "-c:v", "libvpx-vp9", "-crf", "32", "-b:v", "0", "-f", "webm")
	default:
		args = append(args, "-c:v", "libx264", "-crf", "20", "-movflags", "+faststart", "-f", "mp4")
	}
	return append(args, "file:"+out)
}

// videoWriter pipes frames to an ffmpeg process.
type videoWriter struct {
	out    string // the file ffmpeg writes
	cmd    *exec.Cmd
	in     io.WriteCloser
	stderr tailBuffer
}

// startFFmpeg starts ffmpeg writing format to out's temporary file; ctx's
// end kills it, and so do out's Abort and RemoveTemps.
func startFFmpeg(ctx context.Context, format string, w, h, fps int, out *Output) (*videoWriter, error) {
	v := &videoWriter{out: out.TempName(), cmd: exec.CommandContext(ctx, "ffmpeg", ffmpegArgs(format, w, h, fps, out.TempName())...)}
	v.cmd.Stderr = &v.stderr
	in, err := v.cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	v.in = in
	if err := out.startWriter(v.cmd); err != nil {
		return nil, fmt.Errorf("cannot start ffmpeg: %v", err)
	}
	return v, nil
}

// WriteFrame sends img's pixels, row by row.
func (v *videoWriter) WriteFrame(img *image.RGBA) error {
	w := 4 * img.Rect.Dx()
	for y := 0; y < img.Rect.Dy(); y++ {
		o := y * img.Stride
		if _, err := v.in.Write(img.Pix[o : o+w]); err != nil {
			return v.fail(err)
		}
	}
	return nil
}

// Close ends the input and waits for ffmpeg to finish the file. An
// ffmpeg that exits with success but leaves the file empty (a wrapper, a
// build without the muxer that ignores it) failed too.
func (v *videoWriter) Close() error {
	v.in.Close()
	if err := v.cmd.Wait(); err != nil {
		return v.failed(err)
	}
	if st, err := os.Stat(v.out); err != nil || st.Size() == 0 {
		return v.failed(errors.New("it exited with success but wrote nothing"))
	}
	return nil
}

// fail stops ffmpeg after a failed write (it exited, or the pipe broke)
// and returns why.
func (v *videoWriter) fail(err error) error {
	v.in.Close()
	if werr := v.cmd.Wait(); werr != nil {
		return v.failed(werr)
	}
	return fmt.Errorf("ffmpeg stopped reading frames: %v", err)
}

// failed describes ffmpeg's exit with the end of what it printed.
func (v *videoWriter) failed(err error) error {
	if msg := strings.TrimSpace(v.stderr.String()); msg != "" {
		return fmt.Errorf("ffmpeg failed (%v): %s", err, msg)
	}
	return fmt.Errorf("ffmpeg failed: %v", err)
}

// tailBuffer keeps the last tailMax bytes written to it.
type tailBuffer struct{ b []byte }

const tailMax = 2000

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.b = append(t.b, p...)
	if len(t.b) > tailMax {
		t.b = append(t.b[:0], t.b[len(t.b)-tailMax:]...)
	}
	return len(p), nil
}

func (t *tailBuffer) String() string { return string(bytes.ToValidUTF8(t.b, nil)) }
