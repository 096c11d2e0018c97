package render

import (
	"context"
	"errors"

	"fmt"
	"image"
	"math"
)

// frameSink is where WriteAnimation sends frames: a GIF or ffmpeg.
type frameSink interface {
	WriteFrame(img *image.RGBA, k int) error
	Close() error
}

// WriteAnimation draws the a.Frames frames of a and writes them to out in
// the format its name's extension chooses (AnimFormat) at fps frames a
// second. progress, when not nil, is called after each frame with the
// number done. Memory holds a few frames whatever their number. On an
// error or ctx's end it returns why (ErrCancelled for the latter), any
// ffmpeg process is ended, and the caller Aborts out: nothing half
// written is ever committed.
func WriteAnimation(ctx context.Context, out *Output, a *Animation, fps int, progress func(done, total int)) error {
	format, err := AnimFormat(out.Name())
	if err != nil {
		return err
	}
	switch {
	case a.Frames < MinFrames || a.Frames > MaxFrames:
		return fmt.Errorf("%d frames: want %d to %d", a.Frames, MinFrames, MaxFrames)
	case fps < 1 || fps > MaxFPS:
		return fmt.Errorf("%d frames a second: want 1 to %d", fps, MaxFPS)
	case format == FormatGIF && fps > MaxGIFFPS:
		return fmt.Errorf("a GIF plays at most %d frames a second (browsers slow faster ones down); write .mp4 or .webm for %d", MaxGIFFPS, fps)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // ends ffmpeg on every early return
	sink, err := newSink(ctx, format, out, a, fps)
	if err != nil {
		return err
	}
	an := NewAnimator(a)
	for k := range a.Frames {
		if ctx.Err() != nil {
			return ErrCancelled
		}
		img, _ := an.Frame(k)
		if err := sink.WriteFrame(img, k); err != nil {
			if ctx.Err() != nil {
				return ErrCancelled
			}
			return err
		}
		if progress != nil {
			progress(k+1, a.Frames)
		}
	}
	if err := sink.Close(); err != nil {
		if ctx.Err() != nil {
			return ErrCancelled
		}
		return err
	}
	return nil
}

// ErrCancelled is what WriteAnimation returns when its context ended,
// whatever ffmpeg said as it was killed.
var ErrCancelled = errors.New("cancelled")

func newSink(ctx context.Context, format string, out *Output, a *Animation, fps int) (frameSink, error) {
	if format == FormatGIF {
		th := a.Scene.Theme
		if th.Name == "" {
			th = Dark
		}
		g, err := NewGIFWriter(out, a.View.Width, a.View.Height, &th)
		if err != nil {
			return nil, err
		}
		return &gifSink{g: g, fps: fps, n: a.Frames}, nil
	}
	v, err := startFFmpeg(ctx, format, a.View.Width, a.View.Height, fps, out)
	if err != nil {
		return nil, err
	}
	return videoSink{v}, nil
}

// gifSink times the frames: delay k is the rounded difference of the
// frames' ideal start times, so that the sum stays exact, and the last
// frame rests HoldLast longer, since a GIF loops.
type gifSink struct {
	g      *GIFWriter
	fps, n int
}

func (s *gifSink) WriteFrame(img *image.RGBA, k int) error {
	return s.g.WriteFrame(img, GIFDelay(k, s.n, s.fps))
}

func (s *gifSink) Close() error { return s.g.Close() }

// GIFDelay is frame k of n's delay at fps, in hundredths of a second.
func GIFDelay(k, n, fps int) int {
	at := func(k int) int { return int(math.Round(float64(k) * 100 / float64(fps))) }
	d := at(k+1) - at(k)
	if k == n-1 {
		d += int(HoldLast.Milliseconds() / 10)
	}
	return d
}

type videoSink struct{ v *videoWriter }

func (s videoSink) WriteFrame(img *image.RGBA, _ int) error { return s.v.WriteFrame(img) }
func (s videoSink) Close() error                            { return s.v.Close() }
