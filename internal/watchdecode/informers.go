package watchdecode

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/rest"
	toolscache "k8s.io/client-go/tools/cache"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client/apiutil"
)

// Informers makes a controller-runtime cache's informers (its NewInformer
// option). The informer of a kind of the given group watches through a
// client that decodes the watch as this package does; every other kind,
// and every list, is read as controller-runtime reads it.
//
// Its watches apply no label or field selector: it is for a cache that
// watches every object of its kinds, as the manager's does.
type Informers struct {
	config *rest.Config
	client *http.Client
	scheme *runtime.Scheme
	group  string
	mapper meta.RESTMapper
	params runtime.ParameterCodec
	counts counts
}

// New makes the informers of a cache reading the kinds of group from the
// API server cfg and httpClient reach, typed by scheme.
func New(cfg *rest.Config, httpClient *http.Client, scheme *runtime.Scheme, group string) (*Informers, error) {
	mapper, err := apiutil.NewDynamicRESTMapper(cfg, httpClient)
	if err != nil {
		return nil, err
	}
	return &Informers{config: cfg, client: httpClient, scheme: scheme, group: group, mapper: mapper, params: runtime.NewParameterCodec(scheme)}, nil
}

// NewInformer is the cache's NewInformer: client-go's shared index
// informer, over lw or, for a kind of the group, over a watch decoded the
// quicker way.
func (in *Informers) NewInformer(lw toolscache.ListerWatcher, obj runtime.Object, resync time.Duration, indexers toolscache.Indexers) toolscache.SharedIndexInformer {
	gvk, err := apiutil.GVKForObject(obj, in.scheme)
	if err == nil && gvk.Group == in.group {
		quick, err := in.listWatch(lw, gvk)
		if err == nil {
			lw = quick
		} else {
			// Slower, not wrong: the standard watch reads the same objects.
			ctrl.Log.WithName("watchdecode").Error(err, "watching with the standard decoder", "kind", gvk.Kind)
		}
	}
	return toolscache.NewSharedIndexInformer(lw, obj, resync, indexers)
}

// Decoded is how many objects the informers' watches have decoded the
// quick way, and how many the standard way (an ERROR event's Status, or an
// object that does not begin as the API server writes one).
func (in *Informers) Decoded() (quick, standard int64) {
	return in.counts.quick.Load(), in.counts.standard.Load()
}

// listWatch lists as lw does and watches gvk's objects with a client of
// its own decoding.
func (in *Informers) listWatch(lw toolscache.ListerWatcher, gvk schema.GroupVersionKind) (*toolscache.ListWatch, error) {
	mapping, err := in.mapper.RESTMapping(gvk.GroupKind(), gvk.Version)
	if err != nil {
		return nil, err
	}
	obj, err := in.scheme.New(gvk)
	if err != nil {
		return nil, err
	}
	cfg := rest.CopyConfig(in.config)
	gv := gvk.GroupVersion()
	cfg.GroupVersion = &gv
	cfg.APIPath = "/apis"
	cfg.ContentType = runtime.ContentTypeJSON
	cfg.AcceptContentTypes = runtime.ContentTypeJSON
	cfg.NegotiatedSerializer = newNegotiated(serializer.WithoutConversionCodecFactory{CodecFactory: serializer.NewCodecFactory(in.scheme)}, &in.counts, kindOf(gvk, obj))
	if cfg.UserAgent == "" {
		cfg.UserAgent = rest.DefaultKubernetesUserAgent()
	}
	client, err := rest.RESTClientForConfigAndClient(cfg, in.client)
	if err != nil {
		return nil, fmt.Errorf("a client for %s: %w", gvk.Kind, err)
	}
	list := toolscache.ToListerWatcherWithContext(lw)
	return &toolscache.ListWatch{
		ListWithContextFunc: list.ListWithContext,
		WatchFuncWithContext: func(ctx context.Context, opts metav1.ListOptions) (watch.Interface, error) {
			opts.Watch = true
			return client.Get().Resource(mapping.Resource.Resource).VersionedParams(&opts, in.params).Watch(ctx)
		},
	}, nil
}

// kindOf is gvk as objects knows it: by the first bytes the API server
// writes of one of its objects, apiVersion and kind.
func kindOf(gvk schema.GroupVersionKind, example runtime.Object) kind {
	return kind{
		prefix: fmt.Appendf(nil, `{"apiVersion":%q,"kind":%q,`, gvk.GroupVersion().String(), gvk.Kind),
		gvk:    gvk,
		new:    func() runtime.Object { return example.DeepCopyObject() },
	}
}

// negotiated is the client's serializer: the standard one, with the watch
// stream framed and its events and objects decoded as this package does.
type negotiated struct {
	runtime.NegotiatedSerializer
	kinds  []kind
	counts *counts
	media  []runtime.SerializerInfo
}

func newNegotiated(standard runtime.NegotiatedSerializer, c *counts, kinds ...kind) negotiated {
	n := negotiated{NegotiatedSerializer: standard, kinds: kinds, counts: c}
	for _, info := range standard.SupportedMediaTypes() {
		if info.MediaType == runtime.ContentTypeJSON && info.StreamSerializer != nil {
			stream := *info.StreamSerializer
			stream.Serializer = events{Serializer: stream.Serializer, counts: c}
			stream.Framer = frames{}
			info.StreamSerializer = &stream
		}
		n.media = append(n.media, info)
	}
	return n
}

func (n negotiated) SupportedMediaTypes() []runtime.SerializerInfo { return n.media }

func (n negotiated) DecoderToVersion(d runtime.Decoder, gv runtime.GroupVersioner) runtime.Decoder {
	return objects{standard: n.NegotiatedSerializer.DecoderToVersion(d, gv), kinds: n.kinds, counts: n.counts}
}
