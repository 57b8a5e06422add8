package watchdecode

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"testing/iotest"

	"k8s.io/apimachinery/pkg/util/framer"
)

// readFrames reads every frame of stream with reads of at most size bytes,
// reassembling the parts of a frame the reader hands out in turn.
func readFrames(t *testing.T, r io.ReadCloser, size int) ([]string, error) {
	t.Helper()
	var out []string
	var frame []byte
	buf := make([]byte, size)
	for {
		n, err := r.Read(buf)
		frame = append(frame, buf[:n]...)
		switch {
		case errors.Is(err, io.ErrShortBuffer):
			continue
		case err != nil:
			return out, err
		}
		out = append(out, string(frame))
		frame = nil
	}
}

func TestFramesSplitAStreamIntoItsObjects(t *testing.T) {
	for _, tc := range []struct {
		name   string
		stream string
		want   []string
	}{
		{"one per line, as the API server writes", "{\"type\":\"ADDED\",\"object\":{\"a\":1}}\n{\"type\":\"DELETED\",\"object\":{}}\n",
			[]string{`{"type":"ADDED","object":{"a":1}}`, `{"type":"DELETED","object":{}}`}},
		{"side by side", `{"a":1}{"b":2}`, []string{`{"a":1}`, `{"b":2}`}},
		{"whitespace around and inside", " \t\r\n{ \"a\" : [ 1 , {} ] }\n\n", []string{`{ "a" : [ 1 , {} ] }`}},
		{"braces and brackets in strings", `{"a":"}{][","b":"{"}{"c":"]"}`, []string{`{"a":"}{][","b":"{"}`, `{"c":"]"}`}},
		{"escaped quotes and backslashes", `{"a":"\"}","b":"\\","c":"\\\"}"}{"d":"\\\\"}`, []string{`{"a":"\"}","b":"\\","c":"\\\"}"}`, `{"d":"\\\\"}`}},
		{"nested deeply", `{"a":{"b":{"c":[[[{"d":[]}]]]}}}`, []string{`{"a":{"b":{"c":[[[{"d":[]}]]]}}}`}},
		{"unicode", `{"a":"Llanfairpwll – ✓ \u00e9"}`, []string{`{"a":"Llanfairpwll – ✓ \u00e9"}`}},
		{"nothing", "", nil},
		{"only whitespace", " \n ", nil},
	} {
		for _, chunked := range []struct {
			name string
			wrap func(io.Reader) io.Reader
		}{{"whole", func(r io.Reader) io.Reader { return r }}, {"a byte at a time", iotest.OneByteReader}, {"half at a time", iotest.HalfReader}} {
			for _, size := range []int{1, 7, 1024} {
				t.Run(tc.name+"/"+chunked.name, func(t *testing.T) {
					got, err := readFrames(t, frames{}.NewFrameReader(io.NopCloser(chunked.wrap(strings.NewReader(tc.stream)))), size)
					if !errors.Is(err, io.EOF) {
						t.Fatalf("stream ended with %v, want io.EOF", err)
					}
					if strings.Join(got, "|") != strings.Join(tc.want, "|") {
						t.Errorf("read buffer %d: frames %q, want %q", size, got, tc.want)
					}
				})
			}
		}
	}
}

func TestFramesRefuseWhatIsNotAStreamOfObjects(t *testing.T) {
	for _, tc := range []struct {
		name, stream string
		want         error
	}{
		{"ends inside an object", `{"a":1}{"b":`, io.ErrUnexpectedEOF},
		{"ends inside a string", `{"a":"}`, io.ErrUnexpectedEOF},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := readFrames(t, frames{}.NewFrameReader(io.NopCloser(strings.NewReader(tc.stream))), 1024)
			if !errors.Is(err, tc.want) {
				t.Errorf("err %v, want %v", err, tc.want)
			}
		})
	}
	for _, stream := range []string{`[1,2]`, `"a"`, `{"a":1} 2`, `}`} {
		t.Run("not an object: "+stream, func(t *testing.T) {
			_, err := readFrames(t, frames{}.NewFrameReader(io.NopCloser(strings.NewReader(stream))), 1024)
			if err == nil || errors.Is(err, io.EOF) || !strings.Contains(err.Error(), "where an object should start") {
				t.Errorf("err %v, want one saying an object should start", err)
			}
		})
	}
}

// TestFramesAgreeWithTheStandardFramer splits random streams of JSON
// objects with both framers.
func TestFramesAgreeWithTheStandardFramer(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for round := range 200 {
		var stream bytes.Buffer
		for range 1 + r.IntN(20) {
			stream.WriteString([]string{"", "\n", " ", "\r\n\t"}[r.IntN(4)])
			data, err := json.Marshal(randomObject(r, 4))
			if err != nil {
				t.Fatal(err)
			}
			stream.Write(data)
		}
		want, err := readFrames(t, framer.NewJSONFramedReader(io.NopCloser(bytes.NewReader(stream.Bytes()))), 1024)
		if !errors.Is(err, io.EOF) {
			t.Fatalf("round %d: the standard framer: %v", round, err)
		}
		got, err := readFrames(t, frames{}.NewFrameReader(io.NopCloser(iotest.HalfReader(bytes.NewReader(stream.Bytes())))), 1+r.IntN(300))
		if !errors.Is(err, io.EOF) {
			t.Fatalf("round %d: %v", round, err)
		}
		if strings.Join(got, "\x00") != strings.Join(want, "\x00") {
			t.Fatalf("round %d: frames\n%q\nwant\n%q", round, got, want)
		}
	}
}

// randomObject is a JSON object of random members, nested to depth, whose
// strings hold the characters that matter to framing.
func randomObject(r *rand.Rand, depth int) map[string]any {
	obj := map[string]any{}
	for range r.IntN(5) {
		obj[randomString(r)] = randomValue(r, depth-1)
	}
	return obj
}

func randomValue(r *rand.Rand, depth int) any {
	switch n := r.IntN(6); {
	case depth <= 0 || n == 0:
		return randomString(r)
	case n == 1:
		return r.Float64()
	case n == 2:
		return nil
	case n == 3:
		var list []any
		for range r.IntN(4) {
			list = append(list, randomValue(r, depth-1))
		}
		return list
	default:
		return randomObject(r, depth)
	}
}

func randomString(r *rand.Rand) string {
	const alphabet = `ab{}[]"\,:✓ ` + "\n\t"
	runes := []rune(alphabet)
	var sb strings.Builder
	for range r.IntN(12) {
		sb.WriteRune(runes[r.IntN(len(runes))])
	}
	return sb.String()
}
