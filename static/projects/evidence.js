// Evidence upload: several files with a caption each, dropped on the box or chosen (on a phone the file input
// offers the camera and the gallery), sent with a progress bar. Errors come back in Thai beside the input and
// nothing else on the page is lost. Without JavaScript the form posts as it is (one caption for the files).
(function () {
  "use strict";
  var form = document.querySelector("form[data-evidence-upload]");
  if (!form) return;
  var input = form.querySelector("input[type=file]");
  var zone = form.querySelector("[data-drop-zone]");
  var chosenList = form.querySelector("[data-chosen]");
  var single = form.querySelector("[data-single-caption]");
  var errorsBox = form.querySelector("[data-evidence-errors]");
  var group = form.querySelector("[data-evidence-group]");
  var progress = form.querySelector("[data-progress]");
  var bar = progress.querySelector("progress");
  var progressText = form.querySelector("[data-progress-text]");
  var submit = form.querySelector("[data-evidence-submit]");
  var list = document.querySelector("[data-evidence-list]");
  var room = form.querySelector("[data-evidence-room]");
  var chosen = [];  // {file, caption}

  // The captions go with each file: the single caption box is for pages without JavaScript.
  single.hidden = true;
  single.querySelector("input").disabled = true;

  function sizeText(size) {
    if (size < 1024) return size + " B";
    if (size < 1024 * 1024) return (size / 1024).toFixed(1) + " KB";
    return (size / (1024 * 1024)).toFixed(1) + " MB";
  }

  function render() {
    chosenList.textContent = "";
    chosenList.hidden = chosen.length === 0;
    chosen.forEach(function (item, index) {
      var li = document.createElement("li");
      li.className = "chosen-file";
      var name = document.createElement("p");
      name.className = "chosen-file__name";
      name.textContent = item.file.name + " (" + sizeText(item.file.size) + ")";
      var label = document.createElement("label");
      label.className = "form-label";
      label.htmlFor = "evidence-caption-" + index;
      label.textContent = form.dataset.captionLabel + " " + (index + 1);
      var caption = document.createElement("input");
      caption.type = "text";
      caption.id = "evidence-caption-" + index;
      caption.maxLength = 300;
      caption.value = item.caption;
      caption.addEventListener("input", function () { item.caption = caption.value; });
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "button button-small";
      remove.textContent = form.dataset.removeLabel;
      remove.addEventListener("click", function () { chosen.splice(index, 1); render(); });
      li.append(name, label, caption, remove);
      chosenList.appendChild(li);
    });
  }

  function add(files) {
    Array.prototype.forEach.call(files, function (file) { chosen.push({ file: file, caption: "" }); });
    render();
  }

  function showErrors(messages) {
    errorsBox.textContent = "";
    messages.forEach(function (message) {
      var p = document.createElement("p");
      p.className = "error-message";
      p.textContent = message;
      errorsBox.appendChild(p);
    });
    group.classList.toggle("form-group-error", messages.length > 0);
  }

  input.addEventListener("change", function () {
    add(input.files);
    input.value = "";  // the files are held in `chosen`; choosing again adds more
  });

  ["dragenter", "dragover"].forEach(function (type) {
    zone.addEventListener(type, function (event) {
      event.preventDefault();
      zone.classList.add("drop-zone--over");
    });
  });
  ["dragleave", "drop"].forEach(function (type) {
    zone.addEventListener(type, function () { zone.classList.remove("drop-zone--over"); });
  });
  zone.addEventListener("drop", function (event) {
    event.preventDefault();
    if (event.dataTransfer && event.dataTransfer.files.length) add(event.dataTransfer.files);
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (!chosen.length) { showErrors([form.dataset.none]); return; }
    var data = new FormData();
    form.querySelectorAll("input[type=hidden]").forEach(function (hidden) { data.append(hidden.name, hidden.value); });
    chosen.forEach(function (item) {
      data.append("file", item.file, item.file.name);
      data.append("caption", item.caption);
    });
    var request = new XMLHttpRequest();
    request.open("POST", form.action);
    request.setRequestHeader("Accept", "application/json");
    request.setRequestHeader("X-CSRFToken", form.querySelector("input[name=csrfmiddlewaretoken]").value);
    progress.hidden = false;
    bar.value = 0;
    progressText.textContent = form.dataset.uploading + " 0 %";
    submit.disabled = true;
    request.upload.addEventListener("progress", function (e) {
      if (!e.lengthComputable) return;
      var percent = Math.round((e.loaded / e.total) * 100);
      bar.value = percent;
      progressText.textContent = form.dataset.uploading + " " + percent + " %";
    });
    request.addEventListener("load", function () {
      submit.disabled = false;
      var answer = null;
      try { answer = JSON.parse(request.responseText); } catch (ignored) { answer = null; }
      if (answer && answer.ok) {
        list.innerHTML = answer.html;
        room.textContent = answer.room;
        chosen = [];
        render();
        showErrors([]);
        progressText.textContent = answer.message;
        bar.value = 100;
      } else {
        progress.hidden = true;
        showErrors(answer && answer.errors ? answer.errors : [form.dataset.failed]);
      }
    });
    request.addEventListener("error", function () {
      submit.disabled = false;
      progress.hidden = true;
      showErrors([form.dataset.failed]);
    });
    request.send(data);
  });
})();
