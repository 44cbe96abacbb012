/* The checks of a report that run in the browser, with the server's own sentences.
 *
 * The form definition (GET /entry/<id>/offline.json) carries each line's kind, bounds and
 * required flag, the form's rules, and the server's messages with placeholders ({value},
 * {other}, {text}). Numbers are read as tongket.core.numbers.parse_number reads them and
 * shown as format_number shows them; a message keeps the half in the page's language as the
 * entry page does (labels.in_language). The server stays the judge.
 */
(function (root) {
  "use strict";

  // tongket.core.numbers._NUMBER: 2.060,5 and 2060,5 (a dot groups thousands).
  const VIETNAMESE = /^[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$/;
  // What Python's float() reads: digits (single underscores between), a point, an exponent.
  const DIGITS = "\\d(?:_?\\d)*";
  const PLAIN = new RegExp(
    "^[+-]?(?:(?:" + DIGITS + ")?\\." + DIGITS + "|" + DIGITS + "\\.?)(?:[eE][+-]?" + DIGITS + ")?$"
  );
  const SPECIAL = /^([+-]?)(inf|infinity|nan)$/i;
  const EPS = 1e-9;
  const SHORT = 24;

  function fill(template, values) {
    return String(template).replace(/\{(value|other|text)\}/g, (whole, name) =>
      name in values ? values[name] : whole
    );
  }

  // labels.in_language: a line is cut only at its one " / ".
  function inLanguage(text, language) {
    const english = String(language || "vi").startsWith("en");
    return String(text)
      .split("\n")
      .map((line) => {
        const parts = line.split(" / ");
        if (parts.length !== 2) return line;
        const [vi, en] = parts;
        if (english) return en;
        return en.trimEnd().endsWith(":") && !vi.endsWith(":") ? vi + ":" : vi;
      })
      .join("\n");
  }

  function grouped(digits) {
    return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  }

  // tongket.core.numbers.format_number(value): 2060.5 → 2.060,5; two decimals at most.
  function formatNumber(value) {
    const decimals = Number.isInteger(value) ? 0 : 2;
    const fixed = Math.abs(value).toFixed(decimals);
    const [whole, frac] = fixed.split(".");
    let text = grouped(whole) + (frac !== undefined ? "." + frac : "");
    if (decimals && text.includes(".")) text = text.replace(/0+$/, "").replace(/\.+$/, "");
    text = text.replace(/,/g, "\u0000").replace(/\./g, ",").replace(/\u0000/g, ".");
    const sign = value < 0 && text.replace(/^[0.,]+|[0.,]+$/g, "") ? "-" : "";
    return sign + text;
  }

  // core.numbers._shortened: the typed text cut at 24 characters, with its length.
  function shortened(text) {
    const chars = Array.from(text);
    if (chars.length <= SHORT) return text;
    return chars.slice(0, SHORT).join("") + "… (" + chars.length + " ký tự / characters)";
  }

  function plainNumber(raw) {
    const special = SPECIAL.exec(raw);
    if (special) {
      if (special[2].toLowerCase() === "nan") return NaN;
      return special[1] === "-" ? -Infinity : Infinity;
    }
    return Number(raw.replace(/_/g, ""));
  }

  /* What the typed text is: {empty: true}, {number}, or {problem} (the server's sentence). */
  function parse(text, checks) {
    const stripped = String(text).trim();
    if (!stripped) return { empty: true };
    const raw = stripped.replace(/\u00a0/g, "").replace(/ /g, "");
    let number;
    if (VIETNAMESE.test(raw)) number = Number(raw.replace(/\./g, "").replace(",", "."));
    else if (PLAIN.test(raw) || SPECIAL.test(raw)) number = plainNumber(raw);
    else return { problem: fill(checks.parse.number, { text: stripped }) };
    if (!Number.isFinite(number)) {
      return { problem: fill(checks.parse.finite, { text: shortened(raw) }) };
    }
    if (Math.abs(number) > checks.limit) {
      return { problem: fill(checks.parse.limit, { text: shortened(raw) }) };
    }
    return { number };
  }

  function exceeds(a, b) {
    return a - b > EPS * Math.max(1, Math.abs(a), Math.abs(b));
  }

  // reporting.validation.value_problems, after the number was read.
  function valueProblems(line, value) {
    const found = [];
    if (line.whole && value < 0) found.push("negative");
    else if (line.min !== null && exceeds(line.min, value)) found.push("min");
    if (line.max !== null && exceeds(value, line.max)) found.push("max");
    if (line.whole && !Number.isInteger(value)) found.push("integer");
    return found
      .filter((code) => line.messages[code])
      .map((code) => fill(line.messages[code], { value: formatNumber(value) }));
  }

  // reporting.validation.rule_broken: a missing side passes.
  function ruleBroken(rule, values) {
    const value = values[rule.indicator];
    if (value === undefined) return false;
    if (rule.kind === "range") {
      return (
        (rule.min !== null && exceeds(rule.min, value)) ||
        (rule.max !== null && exceeds(value, rule.max))
      );
    }
    const other = rule.other ? values[rule.other] : undefined;
    if (other === undefined) return false;
    if (rule.kind === "le") return exceeds(value, other);
    return rule.kind === "ge" && exceeds(other, value);
  }

  /* The errors of a report as typed ({code: text}), by indicator code, in the page's
   * language: unreadable numbers, required lines, catalogue bounds, the form's rules. */
  function check(definition, typed) {
    const checks = definition.checks;
    const language = definition.language;
    const errors = {};
    const add = (code, message) => {
      (errors[code] = errors[code] || []).push(inLanguage(message, language));
    };
    const values = {};
    const unreadable = new Set();
    for (const line of checks.lines) {
      if (line.derived) continue;
      const read = parse(typed[line.code] === undefined ? "" : typed[line.code], checks);
      if (read.problem) {
        add(line.code, read.problem);
        unreadable.add(line.code);
      } else if (!read.empty) {
        values[line.code] = read.number;
      }
    }
    // The server reads every number before it checks anything else.
    if (unreadable.size) return { errors, count: unreadable.size };
    for (const line of checks.lines) {
      if (line.derived) continue;
      const value = values[line.code];
      if (value === undefined) {
        if (line.required && line.messages.required) add(line.code, line.messages.required);
        continue;
      }
      for (const message of valueProblems(line, value)) add(line.code, message);
    }
    for (const rule of checks.rules) {
      if (!ruleBroken(rule, values)) continue;
      const shown = { value: formatNumber(values[rule.indicator]) };
      if (rule.other) shown.other = formatNumber(values[rule.other]);
      add(rule.indicator, fill(rule.message, shown));
    }
    const count = Object.values(errors).reduce((sum, list) => sum + list.length, 0);
    return { errors, count };
  }

  root.TongketChecks = { check, parse, formatNumber, inLanguage, fill };
})(self);
