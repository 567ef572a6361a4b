// The control map's date as a client-side timeline (issue 26): the map, a date slider and a play button in the
// page itself (no iframe). Stepping recolours the units from the styles Python sent for every day and fetches
// the day's outline as a static file (prefetched ahead); nothing goes to the server until the hand rests (the
// slider idle for REST_MS, or play paused), when the day is sent back to Python so the rest of the page follows.
// All text comes from Python already translated; tooltips are escaped HTML built by territory/webmap.py.

const REST_MS = 350;
const PREFETCH_STEP = 3;
const PREFETCH_PLAY = 12;
const VIEW_KEY = "territory-timeline-view";
const DAY_KEY = "territory-timeline-day";

// Marks on the page's performance timeline (DevTools, bench/trace.py): where a first paint's time goes.
function mark(name) {
  try { performance.mark("territory-timeline:" + name); } catch (e) { /* no timeline: nothing to mark */ }
}

function loadLeaflet(prefix) {
  if (window.L && window.L.map) return Promise.resolve(window.L);
  if (!window.__territoryLeaflet) {
    window.__territoryLeaflet = new Promise((resolve, reject) => {
      const css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = prefix + "/leaflet.css";
      document.head.appendChild(css);
      const script = document.createElement("script");
      script.src = prefix + "/leaflet.js";
      script.onload = () => resolve(window.L);
      script.onerror = () => { window.__territoryLeaflet = null; reject(new Error(prefix + ": Leaflet not loaded")); };
      document.head.appendChild(script);
    });
  }
  return window.__territoryLeaflet;
}

function fetchJson(url, gzipped) {
  return fetch(url).then((r) => {
    if (!r.ok) throw new Error(url + ": HTTP " + r.status);
    if (!gzipped) return r.json();
    return new Response(r.body.pipeThrough(new DecompressionStream("gzip"))).json();
  });
}

function readStore(key) {
  try { return JSON.parse(window.sessionStorage.getItem(key) || "null"); } catch (e) { return null; }
}

function writeStore(key, value) {
  try { window.sessionStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* storage off: no memory */ }
}

function scriptRunning() {
  const app = document.querySelector("[data-test-script-state]");
  return !!app && app.getAttribute("data-test-script-state") === "running";
}

// The person's last press or key outside the timeline, and the end of the last script run. A press on a button or
// a filter asks for a run, but the page says "running" only once the server has started it: until a run has
// ended after the press, the rest waits (up to INTERACTION_WAIT_MS, for presses that start no run).
const INTERACTION_WAIT_MS = 3000;
let lastInteraction = -Infinity;
let lastRunEnd = -Infinity;
let watching = false;

function watchInteractions() {
  if (watching) return;
  watching = true;
  const note = (event) => {
    if (!(event.target instanceof Element) || !event.target.closest(".tl-root")) lastInteraction = performance.now();
  };
  document.addEventListener("pointerdown", note, true);
  document.addEventListener("keydown", note, true);
  const app = document.querySelector("[data-test-script-state]");
  if (!app) return;
  let running = scriptRunning();
  new MutationObserver(() => {
    const now = scriptRunning();
    if (running && !now) lastRunEnd = performance.now();
    running = now;
  }).observe(app, {attributes: true, attributeFilter: ["data-test-script-state"]});
}

function runPending() {
  const since = performance.now() - lastInteraction;
  return lastInteraction > lastRunEnd && since < INTERACTION_WAIT_MS;
}

class Timeline {
  constructor(parent) {
    watchInteractions();
    this.parent = parent;
    this.path = window.location.pathname;
    this.index = 0;
    this.playing = false;
    this.timer = null;
    this.restTimer = null;
    this.outlines = new Map();   // day index -> {promise, json}
    this.tips = null;            // {units, tips} once fetched
    this.tipsUrl = null;
    this.layers = {};            // iso -> Leaflet path
    this.painted = [];           // days painted while playing (the bench counts dropped days)
    this.paintTimes = [];        // and when (performance.now())
    this.seq = null;
    this.sent = null;
    this.build();
  }

  build() {
    const root = document.createElement("div");
    root.className = "tl-root";
    root.innerHTML = `
      <div class="tl-controls">
        <button type="button" class="tl-play"></button>
        <input type="range" class="tl-slider" min="0" step="1">
        <select class="tl-speed"></select>
        <label class="tl-loop"><input type="checkbox"> <span></span></label>
      </div>
      <div class="tl-map-wrap"><div class="tl-map"></div><div class="tl-date" aria-live="off"></div></div>`;
    this.parent.appendChild(root);
    this.root = root;
    this.button = root.querySelector(".tl-play");
    this.slider = root.querySelector(".tl-slider");
    this.speed = root.querySelector(".tl-speed");
    this.loop = root.querySelector(".tl-loop input");
    this.loopText = root.querySelector(".tl-loop span");
    this.mapDiv = root.querySelector(".tl-map");
    this.dateBox = root.querySelector(".tl-date");
    this.button.addEventListener("click", () => (this.playing ? this.pause() : this.play()));
    this.slider.addEventListener("input", () => {
      if (this.playing) this.stop();
      this.go(Number(this.slider.value));
      this.restSoon();
    });
    this.slider.addEventListener("keydown", (event) => {
      if (event.key === " " || event.key === "Enter") { event.preventDefault(); this.playing ? this.pause() : this.play(); }
    });
    this.speed.addEventListener("change", () => { if (this.playing) this.schedule(); });
  }

  update(args) {
    const data = args.data;
    const first = !this.data;
    const shownDay = first ? null : this.data.days[this.index];
    const rebuild = first || data.lang !== this.data.lang || data.show_tiles !== this.data.show_tiles;
    this.data = data;
    this.setStateValue = args.setStateValue;
    this.unitStyles = {};
    for (const [iso, runs] of Object.entries(data.runs)) {
      const per = new Int16Array(data.days.length);
      let k = 0;
      for (let i = 0; i < per.length; i++) {
        while (k + 1 < runs.length && runs[k + 1][0] <= i) k++;
        per[i] = runs[k][1];
      }
      this.unitStyles[iso] = per;
    }
    this.texts();
    let wanted;
    if (this.seq !== data.seq) {
      const stored = first ? readStore(DAY_KEY) : null;
      wanted = stored && stored.seq === data.seq && data.days.includes(stored.day) ? stored.day : data.date;
      this.seq = data.seq;
      this.sent = data.date;
    } else {
      wanted = shownDay || data.date;
    }
    let index = data.days.indexOf(wanted);
    if (index < 0) index = data.days.length - 1;
    if (this.tipsUrl !== data.tips_url) {
      // every day's tooltips come after the map is drawn (they are only read on hover)
      this.tipsUrl = data.tips_url;
      this.tips = null;
      const url = data.tips_url;
      if (this.paints) this.loadTips(url, 0);
      else this.afterPaint = () => this.loadTips(url, 0);
    }
    if (!data.tips_url) delete this.root.dataset.tips;
    if (rebuild) {
      this.index = index;
      this.makeMap().then(() => this.go(this.index));
    } else {
      this.go(index);
    }
    if (wanted !== this.sent) this.rest();  // the page shows another day than the map: let it follow
  }

  texts() {
    const t = this.data.text;
    this.slider.max = String(this.data.days.length - 1);
    this.slider.setAttribute("aria-label", t.slider);
    this.slider.title = t.slider_help;
    this.speed.setAttribute("aria-label", t.speed);
    const chosen = this.speed.value || String(this.data.speeds[this.data.default_speed][0]);
    this.speed.innerHTML = "";
    for (const [perSecond, label] of this.data.speeds) {
      const option = document.createElement("option");
      option.value = String(perSecond);
      option.textContent = label;
      this.speed.appendChild(option);
    }
    this.speed.value = chosen;
    this.loopText.textContent = t.loop;
    this.button.disabled = !!this.data.fixed;
    this.showButton();
  }

  showButton() {
    const t = this.data.text;
    this.button.textContent = this.playing ? "❚❚" : "▶";
    this.button.setAttribute("aria-label", this.playing ? t.pause : t.play);
    this.button.title = this.playing ? t.pause : t.play;
    this.root.dataset.playing = this.playing ? "1" : "0";
  }

  makeMap() {
    const data = this.data;
    mark("leaflet-asked");
    return loadLeaflet(data.leaflet).then((L) => {
      mark("leaflet-loaded");
      const saved = readStore(VIEW_KEY);
      if (this.map) { this.map.remove(); this.layers = {}; }
      this.mapDiv.style.height = data.height + "px";
      this.mapDiv.style.background = data.show_tiles ? "" : data.sea;
      const map = L.map(this.mapDiv, Object.assign({zoomSnap: 0.25, zoomControl: false, attributionControl: true},
                                                    data.limits));
      this.map = map;
      window.map = map;  // as folium names its map: tests and the bench read the fills from it
      L.control.zoom({zoomInTitle: data.map_text.zoom_in, zoomOutTitle: data.map_text.zoom_out}).addTo(map);
      const units = data.map_text.scale_units;
      const Scale = L.Control.Scale.extend({_updateMetric: function (maxMeters) {
        const meters = this._getRoundNum(maxMeters);
        const label = meters < 1000 ? meters + " " + units.m : (meters / 1000) + " " + units.km;
        this._updateScale(this._mScale, label, meters / maxMeters);
      }});
      new Scale({imperial: false}).addTo(map);
      map.attributionControl.setPrefix(false);
      map.attributionControl.addAttribution(data.map_text.attribution);
      // the view the person made is kept (across steps, and in the tab's session storage across pages); until
      // they move the map, it shows the whole country at whatever width the page gives it
      const fit = () => map.fitBounds(data.bounds, {animate: false, paddingBottomRight: [0, data.credit_room]});
      this.moved = !!(saved && saved.zoom);
      if (this.moved) map.setView([saved.lat, saved.lng], saved.zoom, {animate: false});
      else fit();
      const touched = () => { this.moved = true; };
      for (const kind of ["mousedown", "touchstart", "wheel", "keydown", "dblclick"]) {
        this.mapDiv.addEventListener(kind, touched, {passive: true});
      }
      map.on("moveend zoomend", () => {
        if (!this.moved) return;
        const c = map.getCenter();
        writeStore(VIEW_KEY, {lat: c.lat, lng: c.lng, zoom: map.getZoom()});
      });
      if (this.resize) this.resize.disconnect();
      this.resize = new ResizeObserver(() => {
        if (this.map !== map) return;
        map.invalidateSize({animate: false});
        if (!this.moved) fit();
      });
      this.resize.observe(this.mapDiv);
      if (data.show_tiles) {
        L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png",
                    {attribution: "© OpenStreetMap contributors", maxZoom: 19}).addTo(map);
      }
      map.createPane("neighbours").style.zIndex = 350;
      fetchJson(data.neighbours_url).then((geo) => {
        if (this.map !== map) return;
        L.geoJson(geo, {pane: "neighbours", interactive: false, style: data.neighbour_style}).addTo(map);
      }).catch(() => {});
      this.outlineGroup = L.layerGroup().addTo(map);
      this.outlineDay = null;
      return fetchJson(data.units_url).then((geo) => {
        mark("units-fetched");
        if (this.map !== map) return;
        const layer = L.geoJson(geo, {onEachFeature: (feature, path) => {
          const iso = feature.properties.iso;
          this.layers[iso] = path;
          path.bindTooltip(() => this.tooltip(iso), {sticky: true});
          path.on({
            mouseover: () => path.setStyle(this.data.hover),
            mouseout: () => this.styleUnit(iso),
            click: () => this.clicked(iso),
          });
        }});
        layer.addTo(map);
        layer.bringToBack();
        this.unitLayer = layer;
      });
    });
  }

  style(iso, index) {
    const fixed = this.data.fixed;
    if (fixed) {
      const p = fixed[iso];
      if (!p) return null;
      return {fillColor: p.fill, color: p.edge, weight: p.weight, dashArray: p.dash, fillOpacity: p.opacity};
    }
    const per = this.unitStyles[iso];
    if (!per) return null;
    const s = this.data.styles[per[index]];
    return {fillColor: s[0], color: s[1], weight: s[2], dashArray: s[3], fillOpacity: s[4]};
  }

  styleUnit(iso) {
    const path = this.layers[iso];
    const style = this.style(iso, this.index);
    if (!path) return;
    if (style) { path.setStyle(Object.assign({stroke: true, fill: true}, style)); }
    else { path.setStyle({stroke: false, fill: false}); }
  }

  tooltip(iso) {
    const data = this.data;
    if (data.fixed) return data.fixed[iso] ? data.fixed[iso].tooltip : "";
    if (!this.tips) {
      if (data.tips_now && data.days[this.index] === data.date) return data.tips_now[iso] || "";
      return data.text.loading;
    }
    const u = this.tips.units.indexOf(iso);
    const tip = this.tips.tips[this.index] && this.tips.tips[this.index][u];
    if (tip === undefined) return "";
    const per = this.unitStyles[iso];
    const shown = per && data.styles[per[this.index]][5];
    return shown ? tip : tip + data.filtered;
  }

  loadTips(url, attempt) {
    if (!url) return;
    fetchJson(url, true).then((tips) => {
      if (this.tipsUrl !== url) return;
      this.tips = tips;
      this.root.dataset.tips = "1";
      for (const path of Object.values(this.layers)) if (path.isTooltipOpen()) path.getTooltip().update();
    }).catch(() => {
      if (this.tipsUrl === url && attempt < 3) setTimeout(() => this.loadTips(url, attempt + 1), 1000);
    });
  }

  outline(index) {
    let entry = this.outlines.get(index);
    if (!entry) {
      const day = this.data.days[index];
      const url = this.data.outline_prefix + day.slice(0, 4) + "/" + day + ".geojson.gz";
      entry = {json: null};
      entry.promise = fetchJson(url, true).then((json) => { entry.json = json; return json; },
                                                () => { this.outlines.delete(index); return null; });
      this.outlines.set(index, entry);
      if (this.outlines.size > 400) this.outlines.delete(this.outlines.keys().next().value);
    }
    return entry;
  }

  wantsOutline(index) {
    return this.data.show_outline && !this.data.fixed && this.data.outline[index] === 1;
  }

  prefetch(index, ahead) {
    for (let i = index + 1; i <= index + ahead && i < this.data.days.length; i++) {
      if (this.wantsOutline(i)) this.outline(i);
    }
    for (let i = index - 1; i >= index - 1 && i >= 0; i--) if (this.wantsOutline(i)) this.outline(i);
  }

  // Show day ``index``: fills at once; the outline when its file is there. Returns a promise that resolves
  // once the day is drawn whole (the player waits for it, so no day is ever skipped).
  go(index) {
    const data = this.data;
    this.index = Math.max(0, Math.min(index, data.days.length - 1));
    const day = data.days[this.index];
    this.slider.value = String(this.index);
    this.slider.setAttribute("value", String(this.index));
    this.slider.setAttribute("aria-valuetext", day);
    this.dateBox.textContent = data.labels[this.index];
    this.root.dataset.day = day;
    if (!this.map) return Promise.resolve();
    this.prefetch(this.index, this.playing ? PREFETCH_PLAY : PREFETCH_STEP);
    const wanted = this.index;
    // fills and outline change together, so the map never shows one day's colours with another day's outline
    const paint = (json) => {
      if (this.index !== wanted || !this.map) return;
      for (const iso of Object.keys(this.layers)) this.styleUnit(iso);
      this.drawOutline(json, wanted);
    };
    if (!this.wantsOutline(wanted)) { paint(null); return Promise.resolve(); }
    const entry = this.outline(wanted);
    if (entry.json) { paint(entry.json); return Promise.resolve(); }
    return entry.promise.then(paint);
  }

  drawOutline(json, index) {
    const L = window.L;
    this.outlineGroup.clearLayers();
    if (json) {
      const styles = this.data.outline_styles;
      L.geoJson(json, {interactive: false, style: (f) => styles[(f.properties || {}).kind] || styles.occupied})
        .addTo(this.outlineGroup);
    }
    this.outlineDay = json ? this.data.days[index] : null;
    this.paints = (this.paints || 0) + 1;  // the bench counts repaints by this
    if (this.paints === 1) mark("first-paint");
    if (this.afterPaint) { const after = this.afterPaint; this.afterPaint = null; window.setTimeout(after, 0); }
    this.root.dataset.paintedDay = this.data.days[index];
    this.root.dataset.outlineDay = this.outlineDay || "";
    if (this.playing) { this.painted.push(this.data.days[index]); this.paintTimes.push(performance.now()); }
  }

  play() {
    if (this.data.fixed) return;
    window.clearTimeout(this.restTimer);
    if (this.index >= this.data.days.length - 1) this.go(0);
    this.playing = true;
    this.painted = [];
    this.paintTimes = [];
    this.showButton();
    this.schedule();
  }

  schedule() {
    window.clearTimeout(this.timer);
    const interval = 1000 / Number(this.speed.value || 7);
    const started = performance.now();
    this.timer = window.setTimeout(() => this.tick(started, interval), interval);
  }

  tick() {
    if (!this.playing) return;
    let next = this.index + 1;
    if (next >= this.data.days.length) {
      if (!this.loop.checked) { this.pause(); return; }
      next = 0;
    }
    const started = performance.now();
    const interval = 1000 / Number(this.speed.value || 7);
    this.go(next).then(() => {
      if (!this.playing) return;
      const wait = Math.max(0, interval - (performance.now() - started));
      this.timer = window.setTimeout(() => this.tick(), wait);
    });
  }

  stop() {
    this.playing = false;
    window.clearTimeout(this.timer);
    this.showButton();
  }

  pause() {
    this.stop();
    this.rest();
  }

  restSoon() {
    window.clearTimeout(this.restTimer);
    this.restTimer = window.setTimeout(() => this.rest(), REST_MS);
  }

  // The hand rests: the page (headline, panel, tabs, link) follows the day shown.
  rest() {
    window.clearTimeout(this.restTimer);
    const day = this.data.days[this.index];
    writeStore(DAY_KEY, {seq: this.seq, day: day});
    if (day === this.sent || !this.setStateValue) return;
    // The person went to another page: the day is kept in the tab's session storage, and sent when they are back.
    if (window.location.pathname !== this.path) return;
    // A run the person started (a filter, a button) is under way: wait for it. Sent now, the rest's rerun would
    // interrupt it with the widget values the browser had before it, and what the button set would be lost.
    if (scriptRunning() || runPending()) { this.restTimer = window.setTimeout(() => this.rest(), 100); return; }
    this.sent = day;
    this.setStateValue("date", day);
  }

  clicked(iso) {
    this.rest();
    if (this.setStateValue) this.setStateValue("clicked", iso);
  }

  destroy() {
    this.stop();
    window.clearTimeout(this.restTimer);
    if (this.resize) this.resize.disconnect();
    if (this.map) {
      if (window.map === this.map) window.map = undefined;
      this.map.remove();
      this.map = null;
    }
    this.root.remove();
  }
}

export default function (component) {
  const parent = component.parentElement;
  let timeline = parent.__territoryTimeline;
  if (!timeline) {
    mark("mounted");
    timeline = new Timeline(parent);
    parent.__territoryTimeline = timeline;
  }
  window.__territoryTimeline = timeline;
  timeline.update(component);
  const generation = (timeline.generation = (timeline.generation || 0) + 1);
  return () => {
    if (timeline.generation !== generation) return;  // a newer call owns the timeline
    timeline.destroy();
    delete parent.__territoryTimeline;
    if (window.__territoryTimeline === timeline) window.__territoryTimeline = undefined;
  };
}
