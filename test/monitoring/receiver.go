package monitoring

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
)

// Notification is what Alertmanager's webhook receiver posts (version 4
// of its payload), with the path it was posted to.
type Notification struct {
	// Path is the URL path, "/" + the receiver's name under
	// TestAlertmanagerConfig.
	Path     string  `json:"-"`
	Receiver string  `json:"receiver"`
	Status   string  `json:"status"`
	Alerts   []Alert `json:"alerts"`
}

// Alert is one alert of a notification.
type Alert struct {
	Status      string            `json:"status"`
	Labels      map[string]string `json:"labels"`
	Annotations map[string]string `json:"annotations"`
}

// Receiver records every notification posted to it, in order.
type Receiver struct {
	*httptest.Server
	mu   sync.Mutex
	got  []Notification
	errs []string
}

// NewReceiver starts a receiver on a free local port.
func NewReceiver() *Receiver {
	r := &Receiver{}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		var n Notification
		err := json.NewDecoder(req.Body).Decode(&n)
		r.mu.Lock()
		defer r.mu.Unlock()
		if err != nil {
			r.errs = append(r.errs, req.URL.Path+": "+err.Error())
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		n.Path = req.URL.Path
		r.got = append(r.got, n)
	}))
	return r
}

// Notifications are those received so far.
func (r *Receiver) Notifications() []Notification {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Notification(nil), r.got...)
}

// Errors are the posts that could not be read as a notification.
func (r *Receiver) Errors() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.errs, "\n")
}

// Sent is every alert received with the status of its own (firing or
// resolved), with the receiver and path of the notification that carried it.
func (r *Receiver) Sent() []Sent {
	var out []Sent
	for _, n := range r.Notifications() {
		for _, a := range n.Alerts {
			out = append(out, Sent{Receiver: n.Receiver, Path: n.Path, Alert: a})
		}
	}
	return out
}

// Sent is one alert as one receiver got it.
type Sent struct {
	Receiver, Path string
	Alert
}
