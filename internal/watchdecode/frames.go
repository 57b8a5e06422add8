package watchdecode

import (
	"errors"
	"fmt"
	"io"
)

// maxFrame is the largest value a frame may hold, as client-go's own
// stream decoder allows: far above the API server's limit on an object.
const maxFrame = 16 << 20

// frames splits a watch's stream of JSON objects into one object per Read.
// It finds an object's end in one pass that follows only nesting and
// strings; whether the object is valid JSON is found when it is decoded.
// (client-go's JSON framer scans each object twice with encoding/json's
// scanner and copies it twice.)
type frames struct{}

func (frames) NewFrameReader(r io.ReadCloser) io.ReadCloser {
	return &frameReader{r: r, buf: make([]byte, 64<<10)}
}

// NewFrameWriter writes as the standard JSON framer does: objects one
// after another. The manager writes no streams; this is for the interface.
func (frames) NewFrameWriter(w io.Writer) io.Writer { return w }

// frameReader hands out one object of the stream per Read, in parts when
// the caller's buffer is short (io.ErrShortBuffer, as client-go's stream
// decoder expects).
type frameReader struct {
	r          io.ReadCloser
	buf        []byte // read from r; buf[start:end] is not yet framed
	start, end int
	frame      []byte // the object being handed out
	off        int    // how much of frame has been handed out
}

func (f *frameReader) Read(data []byte) (int, error) {
	if f.off == len(f.frame) {
		if err := f.next(); err != nil {
			return 0, err
		}
	}
	n := copy(data, f.frame[f.off:])
	f.off += n
	if f.off < len(f.frame) {
		return n, io.ErrShortBuffer
	}
	return n, nil
}

func (f *frameReader) Close() error { return f.r.Close() }

// next frames the stream's next object.
func (f *frameReader) next() error {
	f.frame, f.off = f.frame[:0], 0
	var s scan
	for {
		if f.start == f.end {
			if err := f.fill(); err != nil {
				if errors.Is(err, io.EOF) && len(f.frame) > 0 {
					return io.ErrUnexpectedEOF
				}
				return err
			}
		}
		if s.depth == 0 {
			// Between objects: the whitespace that separates them.
			f.start += spaces(f.buf[f.start:f.end])
			if f.start == f.end {
				continue
			}
		}
		i, done, err := s.advance(f.buf[f.start:f.end])
		if err != nil {
			return err
		}
		f.frame = append(f.frame, f.buf[f.start:f.start+i]...)
		f.start += i
		if done {
			return nil
		}
		if len(f.frame) > maxFrame {
			return fmt.Errorf("a watch event is longer than %d bytes", maxFrame)
		}
	}
}

// fill reads more of the stream into buf, which it has framed all of.
func (f *frameReader) fill() error {
	for {
		n, err := f.r.Read(f.buf)
		f.start, f.end = 0, n
		if n > 0 {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// scan follows a JSON object through the chunks it arrives in.
type scan struct {
	depth    int
	inString bool
	escaped  bool
}

// advance reads chunk, returning how much of it belongs to the object and
// whether the object has ended. Before the object starts, chunk must start
// with it.
func (s *scan) advance(chunk []byte) (int, bool, error) {
	for i, c := range chunk {
		switch {
		case s.inString:
			switch {
			case s.escaped:
				s.escaped = false
			case c == '\\':
				s.escaped = true
			case c == '"':
				s.inString = false
			}
		case s.depth == 0:
			if c != '{' {
				return 0, false, fmt.Errorf("a watch stream holds %q where an object should start", c)
			}
			s.depth = 1
		case c == '"':
			s.inString = true
		case c == '{' || c == '[':
			s.depth++
		case c == '}' || c == ']':
			s.depth--
			if s.depth == 0 {
				return i + 1, true, nil
			}
		}
	}
	return len(chunk), false, nil
}

// spaces is how many bytes of JSON whitespace b starts with.
func spaces(b []byte) int {
	for i, c := range b {
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			return i
		}
	}
	return len(b)
}
