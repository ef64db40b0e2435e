package kicktest

import (
	"encoding/binary"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// mediaPrefix is the path under which the server serves recordings.
const mediaPrefix = "/media/recordings/"

// maxRecordingAudio bounds the audio of a served recording.
const maxRecordingAudio = 10 * time.Second

// serveMedia serves GET mediaPrefix{id}.wav: a WAV file (8 kHz, 16-bit
// mono silence) as long as the recording, at most 10 seconds. It reports
// whether the request was for the media path.
func (s *Server) serveMedia(w http.ResponseWriter, r *http.Request) bool {
	if !strings.HasPrefix(r.URL.Path, mediaPrefix) {
		return false
	}
	name := strings.TrimPrefix(r.URL.Path, mediaPrefix)
	id, ok := strings.CutSuffix(name, ".wav")
	s.mu.Lock()
	d, found := s.recordings[id]
	s.mu.Unlock()
	if !ok || !found || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
		http.NotFound(w, r)
		return true
	}
	data := silentWAV(min(d, maxRecordingAudio))
	w.Header().Set("Content-Type", "audio/wav")
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	if r.Method == http.MethodHead {
		return true
	}
	if _, err := w.Write(data); err != nil {
		return true // the client went away
	}
	return true
}

// silentWAV returns a RIFF WAVE file of d of silence, 8 kHz 16-bit mono.
func silentWAV(d time.Duration) []byte {
	const rate, bytesPerSample = 8000, 2
	n := int(d/time.Millisecond) * rate / 1000 * bytesPerSample
	b := make([]byte, 44+n)
	copy(b[0:], "RIFF")
	binary.LittleEndian.PutUint32(b[4:], uint32(36+n))
	copy(b[8:], "WAVEfmt ")
	binary.LittleEndian.PutUint32(b[16:], 16)
	binary.LittleEndian.PutUint16(b[20:], 1) // PCM
	binary.LittleEndian.PutUint16(b[22:], 1) // mono
	binary.LittleEndian.PutUint32(b[24:], rate)
	binary.LittleEndian.PutUint32(b[28:], rate*bytesPerSample)
	binary.LittleEndian.PutUint16(b[32:], bytesPerSample)
	binary.LittleEndian.PutUint16(b[34:], 16)
	copy(b[36:], "data")
	binary.LittleEndian.PutUint32(b[40:], uint32(n))
	return b
}
