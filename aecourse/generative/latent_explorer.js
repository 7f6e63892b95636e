// The latent explorer's script. aecourse.generative.explorer inlines this file into
// every explorer's HTML fragment, inside a function of its own, and calls
// aecourseLatentExplorer(rootId, spec): nothing global but
// window.aecourseLatentExplorers[rootId], the explorer's state for tests.
// Plain JavaScript, no library: it must work offline and from file://.
function aecourseLatentExplorer(rootId, spec) {
  "use strict";
  var root = document.getElementById(rootId);
  if (!root || root.getAttribute("data-ready")) return;  // already running (an output shown twice)
  root.setAttribute("data-ready", "true");

  // --- the decoder: float16 weights, computed in float64 -----------------------
  var SELU_ALPHA = 1.6732632423543772, SELU_SCALE = 1.0507009873554805;  // as Keras
  var ACTIVATIONS = {
    linear: function (x) { return x; },
    relu: function (x) { return x > 0 ? x : 0; },
    sigmoid: function (x) { return 1 / (1 + Math.exp(-x)); },
    tanh: Math.tanh,
    selu: function (x) { return SELU_SCALE * (x > 0 ? x : SELU_ALPHA * Math.expm1(x)); }
  };

  function halfToNumber(h) {  // an IEEE 754 binary16, as 16 bits
    var sign = h & 0x8000 ? -1 : 1, exponent = (h >> 10) & 0x1f, fraction = h & 0x3ff;
    if (exponent === 0) return sign * fraction * Math.pow(2, -24);  // zero and subnormals
    if (exponent === 31) return fraction ? NaN : sign * Infinity;
    return sign * (1 + fraction / 1024) * Math.pow(2, exponent - 15);
  }

  function halves(base64) {  // little-endian float16 bytes → Float32Array (exact)
    var bytes = atob(base64), values = new Float32Array(bytes.length / 2);
    for (var i = 0; i < values.length; i++) {
      values[i] = halfToNumber(bytes.charCodeAt(2 * i) | (bytes.charCodeAt(2 * i + 1) << 8));
    }
    return values;
  }

  var layers = spec.decoder.layers.map(function (layer) {
    return {nIn: layer.shape[0], nOut: layer.shape[1], kernel: halves(layer.kernel), bias: halves(layer.bias),
            activation: ACTIVATIONS[layer.activation]};
  });

  function decode(code) {  // code [x, y] → the decoder's flat output
    var input = code;
    layers.forEach(function (layer) {
      var nOut = layer.nOut, kernel = layer.kernel, output = new Float64Array(nOut), i, j;
      for (j = 0; j < nOut; j++) output[j] = layer.bias[j];
      for (i = 0; i < layer.nIn; i++) {  // kernel row-major (n_in, n_out)
        var value = input[i], row = i * nOut;
        if (value === 0) continue;
        for (j = 0; j < nOut; j++) output[j] += value * kernel[row + j];
      }
      for (j = 0; j < nOut; j++) output[j] = layer.activation(output[j]);
      input = output;
    });
    return Float32Array.from(input);
  }

  // --- the page elements ----------------------------------------------------------
  var size = spec.size, extent = spec.extent;
  var MARGIN = {left: 34, bottom: 30, top: 8, right: 8};
  var inner = size - MARGIN.left - MARGIN.right;  // the plot is a square, axes' labels left and below
  var planeHeight = MARGIN.top + inner + MARGIN.bottom;
  var imageHeight = spec.decoder.image_shape[0], imageWidth = spec.decoder.image_shape[1];
  var scale = Math.max(1, Math.floor(size / Math.max(imageHeight, imageWidth)));

  function element(tag, style, attributes) {
    var node = document.createElement(tag);
    node.style.cssText = style || "";
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    return node;
  }

  root.textContent = "";
  root.style.cssText = "display:flex; flex-wrap:wrap; gap:12px 24px; align-items:flex-start; margin:1em 0;";
  var planeColumn = element("div");
  var planeBox = element("div", "position:relative; width:" + size + "px; height:" + planeHeight
                         + "px; touch-action:none; user-select:none; -webkit-user-select:none; cursor:crosshair;");
  var plane = element("canvas", "display:block; width:" + size + "px; height:" + planeHeight + "px;",
                      {"aria-hidden": "true"});
  var marker = element("div", "position:absolute; width:14px; height:14px; margin:-9px 0 0 -9px; border:2px solid #000;"
                       + " border-radius:50%; background:rgba(255,255,255,0.7); box-shadow:0 0 0 2px #fff;"
                       + " cursor:grab; outline:none; touch-action:none;",
                       {tabindex: "0", role: "slider", "aria-roledescription": "2-D slider",
                        "aria-label": "point on the latent plane: drag it, or move it with the arrow keys "
                                      + "(Shift for small steps, Home back to the start)",
                        "aria-valuemin": String(-extent), "aria-valuemax": String(extent),
                        "class": "aecourse-latent-marker"});
  var legend = element("ul", "list-style:none; margin:6px 0 0 0; padding:0; max-width:" + size + "px;"
                       + " font-size:0.8em; line-height:1.4; display:flex; flex-wrap:wrap; gap:0 12px;");
  spec.classes.forEach(function (name, label) {
    var item = element("li", "display:flex; align-items:center; gap:4px; margin:0;");
    item.appendChild(element("span", "display:inline-block; width:10px; height:10px; border-radius:50%; background:"
                             + spec.colours[label] + ";", {"aria-hidden": "true"}));
    item.appendChild(document.createTextNode(name));
    legend.appendChild(item);
  });
  planeBox.appendChild(plane);
  planeBox.appendChild(marker);
  planeColumn.appendChild(planeBox);
  planeColumn.appendChild(legend);

  var imageColumn = element("div");
  var image = element("canvas", "display:block; width:" + imageWidth * scale + "px; height:" + imageHeight * scale
                      + "px; border:1px solid #999; image-rendering:pixelated;", {role: "img"});
  image.width = imageWidth * scale;
  image.height = imageHeight * scale;
  var codeLine = element("div", "margin-top:6px; font-variant-numeric:tabular-nums;",
                         {"class": "aecourse-latent-code"});
  imageColumn.appendChild(image);
  imageColumn.appendChild(codeLine);
  root.appendChild(planeColumn);
  root.appendChild(imageColumn);

  // --- the plane: axes and the validation codes, drawn once ------------------------
  function toX(x) { return MARGIN.left + (x + extent) / (2 * extent) * inner; }
  function toY(y) { return MARGIN.top + (extent - y) / (2 * extent) * inner; }

  (function drawPlane() {
    var ratio = window.devicePixelRatio || 1, height = planeHeight;
    plane.width = Math.round(size * ratio);
    plane.height = Math.round(height * ratio);
    var context = plane.getContext("2d");
    context.scale(ratio, ratio);
    context.fillStyle = "#fff";
    context.fillRect(0, 0, size, height);
    var step = [0.25, 0.5, 1, 2, 5, 10, 20, 50, 100].filter(function (s) { return extent / s <= 4; })[0] || 100;
    context.font = "10px sans-serif";
    context.fillStyle = "#333";
    context.strokeStyle = "#e4e4e4";
    context.lineWidth = 1;
    for (var t = -Math.floor(extent / step) * step; t <= extent + 1e-9; t += step) {
      var label = String(Math.round(t * 100) / 100).replace("-", "\u2212");
      context.beginPath();
      context.moveTo(toX(t), MARGIN.top);
      context.lineTo(toX(t), MARGIN.top + inner);
      context.moveTo(MARGIN.left, toY(t));
      context.lineTo(MARGIN.left + inner, toY(t));
      context.stroke();
      context.textAlign = "center";
      context.textBaseline = "top";
      context.fillText(label, toX(t), MARGIN.top + inner + 3);
      context.textAlign = "right";
      context.textBaseline = "middle";
      context.fillText(label, MARGIN.left - 4, toY(t));
    }
    context.textAlign = "center";
    context.textBaseline = "bottom";
    context.fillText("z\u2081", MARGIN.left + inner / 2, height);
    context.save();
    context.translate(9, MARGIN.top + inner / 2);
    context.rotate(-Math.PI / 2);
    context.textBaseline = "middle";
    context.fillText("z\u2082", 0, 0);
    context.restore();
    context.save();
    context.beginPath();
    context.rect(MARGIN.left, MARGIN.top, inner, inner);
    context.clip();
    context.globalAlpha = 0.6;
    var points = spec.points;
    for (var i = 0; i < points.x.length; i++) {
      context.fillStyle = spec.colours[points.label[i]];
      context.beginPath();
      context.arc(toX(points.x[i]), toY(points.y[i]), 1.6, 0, 2 * Math.PI);
      context.fill();
    }
    context.restore();
    context.strokeStyle = "#888";
    context.strokeRect(MARGIN.left + 0.5, MARGIN.top + 0.5, inner - 1, inner - 1);
  })();

  // --- the state: one code, its image ----------------------------------------------
  var code = [spec.start[0], spec.start[1]], pixels = null;
  var imageContext = image.getContext("2d"), imageData = imageContext.createImageData(image.width, image.height);

  function clamp(value) { return Math.min(extent, Math.max(-extent, value)); }
  function shown(value) { return (value < 0 ? "\u2212" : "") + Math.abs(value).toFixed(2); }

  function setCode(x, y) {
    code = [clamp(x), clamp(y)];
    pixels = decode(code);
    var data = imageData.data, width = image.width;
    for (var row = 0; row < imageHeight; row++) {
      for (var column = 0; column < imageWidth; column++) {
        // matplotlib's "binary" map, as the book's figures: 0 white, 1 black
        var value = pixels[row * imageWidth + column];
        var grey = Math.round(255 * (1 - Math.min(1, Math.max(0, value))));
        for (var dy = 0; dy < scale; dy++) {
          var start = ((row * scale + dy) * width + column * scale) * 4;
          for (var dx = 0; dx < scale * 4; dx += 4) {
            data[start + dx] = data[start + dx + 1] = data[start + dx + 2] = grey;
            data[start + dx + 3] = 255;
          }
        }
      }
    }
    imageContext.putImageData(imageData, 0, 0);
    var text = "z = (" + shown(code[0]) + ", " + shown(code[1]) + ")";
    codeLine.textContent = text;
    image.setAttribute("aria-label", "the image decoded from " + text);
    marker.style.left = toX(code[0]) + "px";
    marker.style.top = toY(code[1]) + "px";
    marker.setAttribute("aria-valuenow", String(code[0]));
    marker.setAttribute("aria-valuetext", text);
    root.setAttribute("data-code", code[0] + "," + code[1]);
  }

  // --- moving the marker: pointer (mouse, touch, pen) and keyboard -----------------
  var dragging = null;  // the pointer's id and its offset from the marker's centre
  function codeAt(event) {
    var box = planeBox.getBoundingClientRect();
    var px = event.clientX - box.left + dragging.dx, py = event.clientY - box.top + dragging.dy;
    return [(px - MARGIN.left) / inner * 2 * extent - extent, extent - (py - MARGIN.top) / inner * 2 * extent];
  }
  planeBox.addEventListener("pointerdown", function (event) {
    if (event.button !== 0) return;
    var box = marker.getBoundingClientRect(), onMarker = event.target === marker;
    dragging = {id: event.pointerId,
                dx: onMarker ? box.left + box.width / 2 - event.clientX : 0,
                dy: onMarker ? box.top + box.height / 2 - event.clientY : 0};
    planeBox.setPointerCapture(event.pointerId);
    marker.style.cursor = "grabbing";
    marker.focus({preventScroll: true});
    event.preventDefault();
    setCode.apply(null, codeAt(event));
  });
  planeBox.addEventListener("pointermove", function (event) {
    if (dragging && event.pointerId === dragging.id) setCode.apply(null, codeAt(event));
  });
  function stop(event) {
    if (dragging && event.pointerId === dragging.id) {
      dragging = null;
      marker.style.cursor = "grab";
    }
  }
  planeBox.addEventListener("pointerup", stop);
  planeBox.addEventListener("pointercancel", stop);

  var KEYS = {ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1]};
  marker.addEventListener("keydown", function (event) {
    var step = event.shiftKey ? extent / 100 : extent / 20, move = KEYS[event.key];
    if (move) setCode(code[0] + move[0] * step, code[1] + move[1] * step);
    else if (event.key === "Home") setCode(spec.start[0], spec.start[1]);
    else return;
    event.preventDefault();
  });
  marker.addEventListener("focus", function () { marker.style.boxShadow = "0 0 0 2px #fff, 0 0 0 5px #0b5fff"; });
  marker.addEventListener("blur", function () { marker.style.boxShadow = "0 0 0 2px #fff"; });

  setCode(spec.start[0], spec.start[1]);
  var api = {
    state: function () { return {code: code.slice(), pixels: Float32Array.from(pixels)}; },
    setCode: setCode
  };
  window.aecourseLatentExplorers = window.aecourseLatentExplorers || {};
  window.aecourseLatentExplorers[rootId] = api;
  root.aecourseLatentExplorer = api;
}
