{{/* The prefix of the operator's object names (at most 25 characters, so that
every name stays within 63): the release name, with the
chart's name when the release name lacks it. "lessons-operator" gives the
names config/default gives. */}}
{{- define "lessons-operator.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 25 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 25 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Labels on every object. */}}
{{- define "lessons-operator.labels" -}}
app.kubernetes.io/name: lessons-operator
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- with .Values.extraLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* The manager's pods, as config/default selects them: selectors are
immutable, so they never change between releases. */}}
{{- define "lessons-operator.selectorLabels" -}}
control-plane: controller-manager
app.kubernetes.io/name: lessons-operator
{{- end -}}

{{/* The roles people bind keep their documented names. */}}
{{- define "lessons-operator.unprefixed" -}}
lessons-view lessons-edit lessons-siro lessons-organisation-report
{{- end -}}

{{/* metadata for an object read from config/: the release's prefix and
namespace, and the chart's labels and annotations. Takes (list $ object
namespaced). */}}
{{- define "lessons-operator.adopt" -}}
{{- $ := index . 0 -}}
{{- $o := index . 1 -}}
{{- $prefix := printf "%s-" (include "lessons-operator.fullname" $) -}}
{{- $unprefixed := splitList " " (include "lessons-operator.unprefixed" $) -}}
{{- $meta := $o.metadata -}}
{{- if not (has $meta.name $unprefixed) -}}
{{- $_ := set $meta "name" (printf "%s%s" $prefix $meta.name) -}}
{{- end -}}
{{- if index . 2 -}}
{{- $_ := set $meta "namespace" $.Release.Namespace -}}
{{- else -}}
{{- $_ := unset $meta "namespace" -}}
{{- end -}}
{{- $_ := set $meta "labels" (merge (include "lessons-operator.labels" $ | fromYaml) ($meta.labels | default dict)) -}}
{{- with $.Values.extraAnnotations -}}
{{- $_ := set $meta "annotations" (merge (deepCopy .) ($meta.annotations | default dict)) -}}
{{- end -}}
{{- end -}}
