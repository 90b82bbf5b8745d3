package app

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"fyne.io/fyne/v2"

	"daftar/platform"
)

// Fyne keeps preferences in the user's config folder and has no setting to
// move them; its cloud-provider hook can replace the whole store, which is
// how portable mode keeps the settings beside the executable, in
// settingsFile.
const settingsFile = "settings.json"

// usePortableSettings moves a's preferences beside the executable when
// Daftar runs in portable mode.
func usePortableSettings(a fyne.App) {
	d, err := platform.Locate()
	if err != nil || !d.Portable {
		return
	}
	a.SetCloudProvider(&portableProvider{path: filepath.Join(d.Data, settingsFile)})
}

// portableProvider is a fyne.CloudProvider that provides only preferences.
type portableProvider struct{ path string }

func (p *portableProvider) ProviderName() string        { return "Portable" }
func (p *portableProvider) ProviderDescription() string { return "Settings beside the executable" }
func (p *portableProvider) ProviderIcon() fyne.Resource { return nil }
func (p *portableProvider) Setup(fyne.App) error        { return nil }
func (p *portableProvider) Cleanup(fyne.App)            {}

func (p *portableProvider) CloudPreferences(fyne.App) fyne.Preferences {
	return loadFilePrefs(p.path)
}

// filePrefs is a fyne.Preferences kept in one JSON file, rewritten on each
// change. Values stay raw JSON until read, so each getter decodes its own
// type and a value of another type reads as the fallback.
type filePrefs struct {
	path      string
	mu        sync.Mutex
	values    map[string]json.RawMessage
	listeners []func()
}

func loadFilePrefs(path string) *filePrefs {
	p := &filePrefs{path: path, values: map[string]json.RawMessage{}}
	b, err := os.ReadFile(path)
	if err == nil {
		err = json.Unmarshal(b, &p.values)
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		fyne.LogError("portable settings "+path, err)
	}
	return p
}

func get[T any](p *filePrefs, key string, fallback T) T {
	p.mu.Lock()
	raw, ok := p.values[key]
	p.mu.Unlock()
	var v T
	if !ok || json.Unmarshal(raw, &v) != nil {
		return fallback
	}
	return v
}

func set[T any](p *filePrefs, key string, value T) {
	raw, err := json.Marshal(value)
	if err != nil {
		fyne.LogError("portable settings "+key, err)
		return
	}
	p.change(func() { p.values[key] = raw })
}

// change applies fn, saves the file and tells the listeners.
func (p *filePrefs) change(fn func()) {
	p.mu.Lock()
	fn()
	b, err := json.MarshalIndent(p.values, "", "  ")
	if err == nil {
		tmp := p.path + ".tmp"
		if err = os.WriteFile(tmp, b, 0o644); err == nil {
			err = os.Rename(tmp, p.path)
		}
	}
	listeners := append([]func(){}, p.listeners...)
	p.mu.Unlock()
	if err != nil {
		fyne.LogError("portable settings "+p.path, err)
	}
	for _, l := range listeners {
		l()
	}
}

func (p *filePrefs) Bool(key string) bool                     { return get(p, key, false) }
func (p *filePrefs) BoolWithFallback(key string, f bool) bool { return get(p, key, f) }
func (p *filePrefs) SetBool(key string, v bool)               { set(p, key, v) }
func (p *filePrefs) BoolList(key string) []bool               { return get[[]bool](p, key, nil) }
func (p *filePrefs) BoolListWithFallback(key string, f []bool) []bool {
	return get(p, key, f)
}
func (p *filePrefs) SetBoolList(key string, v []bool)                { set(p, key, v) }
func (p *filePrefs) Float(key string) float64                        { return get(p, key, 0.0) }
func (p *filePrefs) FloatWithFallback(key string, f float64) float64 { return get(p, key, f) }
func (p *filePrefs) SetFloat(key string, v float64)                  { set(p, key, v) }
func (p *filePrefs) FloatList(key string) []float64                  { return get[[]float64](p, key, nil) }
func (p *filePrefs) FloatListWithFallback(key string, f []float64) []float64 {
	return get(p, key, f)
}
func (p *filePrefs) SetFloatList(key string, v []float64)          { set(p, key, v) }
func (p *filePrefs) Int(key string) int                            { return get(p, key, 0) }
func (p *filePrefs) IntWithFallback(key string, f int) int         { return get(p, key, f) }
func (p *filePrefs) SetInt(key string, v int)                      { set(p, key, v) }
func (p *filePrefs) IntList(key string) []int                      { return get[[]int](p, key, nil) }
func (p *filePrefs) IntListWithFallback(key string, f []int) []int { return get(p, key, f) }
func (p *filePrefs) SetIntList(key string, v []int)                { set(p, key, v) }
func (p *filePrefs) String(key string) string                      { return get(p, key, "") }
func (p *filePrefs) StringWithFallback(key, f string) string       { return get(p, key, f) }
func (p *filePrefs) SetString(key string, v string)                { set(p, key, v) }
func (p *filePrefs) StringList(key string) []string                { return get[[]string](p, key, nil) }
func (p *filePrefs) StringListWithFallback(key string, f []string) []string {
	return get(p, key, f)
}
func (p *filePrefs) SetStringList(key string, v []string) { set(p, key, v) }
func (p *filePrefs) RemoveValue(key string)               { p.change(func() { delete(p.values, key) }) }

func (p *filePrefs) AddChangeListener(l func()) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.listeners = append(p.listeners, l)
}

func (p *filePrefs) ChangeListeners() []func() {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]func(){}, p.listeners...)
}
