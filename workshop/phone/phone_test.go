package phone_test

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/holdtheline/holdtheline/workshop/phone"
)

func TestTheDirectoryGivesTheDesignsTestVectors(t *testing.T) {
	assert.Equal(t, "alice: 555-7479\n", phone.Answer("alice"))
	assert.Equal(t, "bob: 555-4244\n", phone.Answer("bob"))
	assert.Equal(t, "Grace Hopper: 555-5803\n",
		phone.Answer("Grace Hopper"))
}

// The number is FNV-1a's, as hash/fnv computes it, for every name.
func TestTheNumberIsTheHashOfTheName(t *testing.T) {
	for i := range 20_000 {
		name := fmt.Sprintf("caller-%d", i)
		h := fnv.New32a()
		h.Write([]byte(name))
		want := fmt.Sprintf("555-%04d", h.Sum32()%10000)
		require.Equal(t, want, phone.Number(name), name)
	}
}

// A server that parses the question in place and formats the answer
// into bytes it holds allocates nothing for either.
func TestQuestionInAndAppendAnswerAllocateNothing(t *testing.T) {
	said := []byte(" Grace Hopper\r\n")
	out := make([]byte, 0, 64)
	allocs := testing.AllocsPerRun(1000, func() {
		name, ok, err := phone.QuestionIn(said)
		if !ok || err != nil {
			panic("not a question")
		}
		out = phone.AppendAnswer(out[:0], name)
		out = phone.ErrTooSlow.AppendLine(out[:0])
	})
	assert.Zero(t, allocs)
	assert.Equal(t, phone.Answer("Grace Hopper"),
		string(phone.AppendAnswer(nil, []byte("Grace Hopper"))))
	for _, e := range []phone.Error{phone.ErrTooLong, phone.ErrEmpty,
		phone.ErrTooSlow, phone.ErrBusy, phone.ErrLookupFailed} {
		assert.Equal(t, e.Line(), string(e.AppendLine(nil)))
	}
}

func TestParseQuestionAtTheBoundaries(t *testing.T) {
	name255 := strings.Repeat("n", 255)
	name256 := strings.Repeat("n", 256)
	cases := []struct {
		what   string
		sofar  string
		name   string
		ok     bool
		reason error
	}{
		{"nothing yet", "", "", false, nil},
		{"half a name", "ali", "", false, nil},
		{"a name", "alice\n", "alice", true, nil},
		{"CRLF", "alice\r\n", "alice", true, nil},
		{"white space around", " \t alice \t\r\n", "alice", true, nil},
		{"space inside is kept", "Grace Hopper\n", "Grace Hopper", true, nil},
		{"bytes after the newline", "bob\ncarol\n", "bob", true, nil},
		{"255 bytes and newline", name255 + "\n", name255, true, nil},
		{"254, CR, newline", name255[1:] + "\r\n", name255[1:], true, nil},
		{"255 bytes, no newline yet", name255, "", false, nil},
		{"256 and newline", name256 + "\n", "", false, phone.ErrTooLong},
		{"255, CR, newline", name255 + "\r\n", "", false, phone.ErrTooLong},
		{"256 bytes, no newline", name256, "", false, phone.ErrTooLong},
		{"empty", "\n", "", false, phone.ErrEmpty},
		{"CRLF only", "\r\n", "", false, phone.ErrEmpty},
		{"blanks only", " \t \n", "", false, phone.ErrEmpty},
		{"binary", "\x00\xff\x01\n", "\x00\xff\x01", true, nil},
	}
	for _, c := range cases {
		t.Run(c.what, func(t *testing.T) {
			name, ok, err := phone.ParseQuestion([]byte(c.sofar))
			assert.Equal(t, c.name, name)
			assert.Equal(t, c.ok, ok)
			assert.Equal(t, c.reason, err)
		})
	}
}

func TestErrorLinesAreExact(t *testing.T) {
	lines := map[phone.Error]string{
		phone.ErrTooLong:      "error: question too long\n",
		phone.ErrEmpty:        "error: empty question\n",
		phone.ErrTooSlow:      "error: too slow\n",
		phone.ErrBusy:         "error: busy\n",
		phone.ErrLookupFailed: "error: lookup failed\n",
	}
	for e, line := range lines {
		assert.Equal(t, line, e.Line())
	}
}

func TestParseReplyReadsAnswersAndErrors(t *testing.T) {
	r, ok := phone.ParseReply("Grace Hopper: 555-5803\n")
	require.True(t, ok)
	assert.Equal(t, phone.Reply{Name: "Grace Hopper", Number: "555-5803"}, r)

	r, ok = phone.ParseReply("error: busy")
	require.True(t, ok)
	assert.Equal(t, phone.ErrBusy, r.Err)

	for _, junk := range []string{"", "hello", "x: 555-12", "x: 555-12345"} {
		_, ok = phone.ParseReply(junk)
		assert.False(t, ok, "%q", junk)
	}
}

// FuzzParseQuestion checks what must hold for any bytes at all: no
// panic; a question is the trimmed first line and fits in MaxLine; and
// the verdict never changes as more bytes arrive, so an operator that
// parses after every read decides exactly once.
func FuzzParseQuestion(f *testing.F) {
	for _, seed := range []string{
		"alice\n", "Grace Hopper\r\n", " \t\n", "\n", "bob",
		strings.Repeat("x", 255) + "\n", strings.Repeat("x", 256) + "\n",
		"\x00\xff\xfe\n", "\xc2\x85name\xc2\xa0\n", "a\nb\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, sent []byte) {
		name, ok, err := phone.ParseQuestion(sent)
		inPlace, inOK, inErr := phone.QuestionIn(sent)
		require.Equal(t, name, string(inPlace))
		require.Equal(t, ok, inOK)
		require.Equal(t, err, inErr)
		end := bytes.IndexByte(sent, '\n')
		switch {
		case ok:
			require.NoError(t, err)
			require.GreaterOrEqual(t, end, 0)
			require.LessOrEqual(t, end+1, phone.MaxLine)
			require.Equal(t, strings.TrimSpace(string(sent[:end])), name)
			require.NotEmpty(t, name)
			require.Equal(t, phone.Answer(name),
				string(phone.AppendAnswer(nil, []byte(name))))
		case err != nil:
			require.Empty(t, name)
			require.Contains(t,
				[]error{phone.ErrTooLong, phone.ErrEmpty}, err)
		default:
			require.Less(t, end, 0, "a whole line must be decided")
			require.Less(t, len(sent), phone.MaxLine)
		}
		// Every shorter prefix is either undecided or decided the same.
		for n := range len(sent) {
			pn, pok, perr := phone.ParseQuestion(sent[:n])
			if pok || perr != nil {
				require.Equal(t, name, pn)
				require.Equal(t, ok, pok)
				require.Equal(t, err, perr)
			}
		}
	})
}

// A number is "555-" and four digits, as Number writes it; nothing else
// is.
func TestIsNumberTakesTheDirectorysNumbersOnly(t *testing.T) {
	assert.True(t, phone.IsNumber(phone.Number("alice")))
	assert.True(t, phone.IsNumber("555-0000"))
	for _, not := range []string{"", "555-", "555-123", "555-12345",
		"556-1234", "555-12a4", "555-1234\n", " 555-1234", "555-١٢٣٤"} {
		assert.False(t, phone.IsNumber(not), "%q", not)
	}
}
