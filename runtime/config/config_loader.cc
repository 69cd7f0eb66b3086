#include "runtime/config/config_loader.h"

#include <arpa/inet.h>

#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/string_view_compat.h"
#include "runtime/config/overrides.h"
#include "yaml-cpp/yaml.h"

namespace peregrine::runtime::config {
namespace {

// Falco keys we accept without using them (spec §7 and Falco's shipped falco.yaml).
const std::set<std::string, std::less<>>& FalcoOnlyKeys() {
  static const auto* keys =
      new std::set<std::string, std::less<>>{"base_syscalls",
                                             "capture",
                                             "config_files",
                                             "container_engines",
                                             "falco_libs",
                                             "grpc",
                                             "grpc_output",
                                             "libs_logger",
                                             "load_plugins",
                                             "metrics",
                                             "modern_bpf",
                                             "outputs",
                                             "plugins",
                                             "plugins_hostinfo",
                                             "rules",
                                             "static_fields",
                                             "syscall_buf_size_preset",
                                             "syscall_drop_failed_exit",
                                             "syscall_event_timeouts",
                                             "webserver",
                                             "cpus_for_each_syscall_buffer",
                                             "buffer_format_base64_deprecated"};
  return *keys;
}

// Decodes a YAML tree into a Config, collecting every error and warning.
class Decoder {
 public:
  Decoder(std::string file, std::map<std::string, std::string> overridden)
      : file_(std::move(file)), overridden_(std::move(overridden)) {}

  void Decode(const YAML::Node& root, Config* c);

  std::vector<std::string> errors;
  std::vector<std::string> warnings;
  std::vector<std::string> ignored;

 private:
  using Handler = std::function<void(const YAML::Node&, const std::string&)>;

  // "file:line:col" of the node, or the -o option that set it (or one of its parents).
  std::string Where(const YAML::Node& n, const std::string& path) const {
    for (std::string p = path;;) {
      if (auto it = overridden_.find(p); it != overridden_.end()) return "-o " + it->second;
      const size_t cut = p.find_last_of(".[");
      if (cut == std::string::npos) break;
      p.resize(cut);
    }
    const YAML::Mark m = n.Mark();
    if (m.is_null()) return file_;
    return absl::StrCat(file_, ":", m.line + 1, ":", m.column + 1);
  }
  void Error(const YAML::Node& n, const std::string& path, std::string_view what) {
    errors.push_back(absl::StrCat(Where(n, path), ": ", path, ": ", Sv(what)));
  }
  void Expected(const YAML::Node& n, const std::string& path, std::string_view what) {
    std::string found;
    if (n.IsScalar()) {
      found = "'" + n.Scalar() + "'";
    } else if (n.IsSequence()) {
      found = "a list";
    } else if (n.IsMap()) {
      found = "a map";
    } else {
      found = "nothing";
    }
    Error(n, path, absl::StrCat("expected ", Sv(what), ", found ", found));
  }

  // Walks a map: each key with a handler is decoded; others warn (or are noted as Falco-only
  // when `falco_only` knows them).
  void Map(const YAML::Node& n, const std::string& path,
           const std::vector<std::pair<std::string_view, Handler>>& handlers,
           const std::set<std::string, std::less<>>* falco_only = nullptr) {
    if (n.IsNull()) return;
    if (!n.IsMap()) return Expected(n, path, "a map");
    for (const auto& kv : n) {
      const std::string key = kv.first.as<std::string>("");
      const std::string sub = path.empty() ? key : path + "." + key;
      bool found = false;
      for (const auto& [name, handler] : handlers) {
        if (name == key) {
          handler(kv.second, sub);
          found = true;
          break;
        }
      }
      if (found) continue;
      if (falco_only != nullptr && falco_only->count(key) > 0) {
        ignored.push_back(absl::StrCat(Where(kv.first, sub), ": ", key));
      } else {
        warnings.push_back(absl::StrCat(Where(kv.first, sub), ": unknown key '", sub, "'"));
      }
    }
  }

  Handler Bool(bool* out) {
    return [this, out](const YAML::Node& n, const std::string& path) {
      bool v;
      if (n.IsScalar() && YAML::convert<bool>::decode(n, v)) {
        *out = v;
      } else {
        Expected(n, path, "a boolean");
      }
    };
  }
  Handler String(std::string* out) {
    return [this, out](const YAML::Node& n, const std::string& path) {
      if (n.IsScalar()) {
        *out = n.Scalar();
      } else if (n.IsNull()) {
        out->clear();
      } else {
        Expected(n, path, "a string");
      }
    };
  }
  template <typename T>
  Handler Unsigned(T* out, uint64_t max = std::numeric_limits<T>::max()) {
    return [this, out, max](const YAML::Node& n, const std::string& path) {
      uint64_t v;
      const std::string text = n.IsScalar() ? n.Scalar() : "";
      if (n.IsScalar() && !text.empty() && text[0] != '-' &&
          YAML::convert<uint64_t>::decode(n, v) && v <= max) {
        *out = static_cast<T>(v);
      } else {
        Expected(n, path, absl::StrCat("an integer from 0 to ", max));
      }
    };
  }
  Handler Double(double* out, double lo, double hi) {
    return [this, out, lo, hi](const YAML::Node& n, const std::string& path) {
      double v;
      if (n.IsScalar() && YAML::convert<double>::decode(n, v) && std::isfinite(v) && v >= lo &&
          v <= hi) {
        *out = v;
      } else {
        Expected(n, path, absl::StrCat("a number from ", lo, " to ", hi));
      }
    };
  }
  // A list of strings; a single scalar counts as a list of one.
  Handler StringList(std::vector<std::string>* out) {
    return [this, out](const YAML::Node& n, const std::string& path) {
      out->clear();
      if (n.IsNull()) return;
      if (n.IsScalar()) {
        out->push_back(n.Scalar());
        return;
      }
      if (!n.IsSequence()) return Expected(n, path, "a list of strings");
      for (size_t i = 0; i < n.size(); ++i) {
        if (!n[i].IsScalar()) {
          Expected(n[i], absl::StrCat(path, "[", i, "]"), "a string");
          continue;
        }
        out->push_back(n[i].Scalar());
      }
    };
  }
  Handler OneOf(std::vector<std::string_view> names, std::function<void(size_t)> set) {
    return [this, names = std::move(names), set = std::move(set)](const YAML::Node& n,
                                                                  const std::string& path) {
      if (n.IsScalar()) {
        const std::string v = absl::AsciiStrToLower(n.Scalar());
        for (size_t i = 0; i < names.size(); ++i) {
          if (v == names[i]) return set(i);
        }
      }
      std::vector<std::string> quoted;
      for (std::string_view s : names) quoted.push_back(std::string(s));
      Expected(n, path, absl::StrCat("one of ", absl::StrJoin(quoted, ", ")));
    };
  }
  Handler Enabled(bool* out) {
    return [this, out](const YAML::Node& n, const std::string& path) {
      Map(n, path, {{"enabled", Bool(out)}});
    };
  }

  void DecodeDrops(const YAML::Node& n, const std::string& path, metrics::DropPolicy* d);
  void DecodeAppendOutput(const YAML::Node& n, const std::string& path,
                          std::vector<AppendOutputConfig>* out);
  void DecodePeregrine(const YAML::Node& n, const std::string& path, PeregrineConfig* p);

  std::string file_;
  std::map<std::string, std::string> overridden_;
};

void Decoder::DecodeDrops(const YAML::Node& n, const std::string& path, metrics::DropPolicy* d) {
  Map(n, path,
      {{"threshold", Double(&d->threshold, 0, 1)},
       {"rate", Double(&d->rate, 0, 1e9)},
       {"max_burst", Double(&d->max_burst, 0, 1e9)},
       {"simulate_drops", [](const YAML::Node&, const std::string&) {}},
       {"actions", [this, d](const YAML::Node& a, const std::string& p) {
          std::vector<std::string> names;
          StringList (&names)(a, p);
          d->actions.clear();
          for (size_t i = 0; i < names.size(); ++i) {
            const std::string v = absl::AsciiStrToLower(names[i]);
            if (v == "ignore") {
              d->actions.push_back(metrics::DropAction::kIgnore);
            } else if (v == "log") {
              d->actions.push_back(metrics::DropAction::kLog);
            } else if (v == "alert") {
              d->actions.push_back(metrics::DropAction::kAlert);
            } else if (v == "exit") {
              d->actions.push_back(metrics::DropAction::kExit);
            } else {
              const YAML::Node item = a.IsSequence() ? a[i] : a;
              Expected(item, a.IsSequence() ? absl::StrCat(p, "[", i, "]") : p,
                       "one of ignore, log, alert, exit");
            }
          }
        }}});
}

void Decoder::DecodeAppendOutput(const YAML::Node& n, const std::string& path,
                                 std::vector<AppendOutputConfig>* out) {
  out->clear();
  if (n.IsNull()) return;
  if (!n.IsSequence()) return Expected(n, path, "a list of append_output entries");
  for (size_t i = 0; i < n.size(); ++i) {
    const std::string p = absl::StrCat(path, "[", i, "]");
    AppendOutputConfig e;
    Map(n[i], p,
        {{"match",
          [this, &e](const YAML::Node& m, const std::string& mp) {
            Map(m, mp,
                {{"rule",
                  [this, &e](const YAML::Node& v, const std::string& vp) {
                    std::string s;
                    String (&s)(v, vp);
                    e.match_rule = s;
                  }},
                 {"source",
                  [this, &e](const YAML::Node& v, const std::string& vp) {
                    std::string s;
                    String (&s)(v, vp);
                    e.match_source = s;
                  }},
                 {"tags", StringList(&e.match_tags)}});
          }},
         {"extra_output", String(&e.extra_output)},
         {"suggested_output", Bool(&e.suggested_output)},
         {"extra_fields", [this, &e](const YAML::Node& f, const std::string& fp) {
            if (f.IsNull()) return;
            if (!f.IsSequence()) return Expected(f, fp, "a list of fields or {name: template}");
            for (size_t k = 0; k < f.size(); ++k) {
              const YAML::Node item = f[k];
              if (item.IsScalar()) {
                e.extra_fields.push_back(item.Scalar());
              } else if (item.IsMap() && item.size() == 1 && item.begin()->second.IsScalar()) {
                e.extra_templates.emplace_back(item.begin()->first.as<std::string>(""),
                                               item.begin()->second.Scalar());
              } else {
                Expected(item, absl::StrCat(fp, "[", k, "]"), "a field name or {name: template}");
              }
            }
          }}});
    out->push_back(std::move(e));
  }
}

void Decoder::DecodePeregrine(const YAML::Node& n, const std::string& path, PeregrineConfig* p) {
  Map(n, path,
      {{"ring_buffer_bytes",
        [this, p](const YAML::Node& v, const std::string& vp) {
          uint64_t bytes = 0;
          const size_t before = errors.size();
          Unsigned<uint64_t>(&bytes, uint64_t{1} << 32)(v, vp);
          if (errors.size() != before) return;
          if (bytes < 4096 || (bytes & (bytes - 1)) != 0) {
            Expected(v, vp, "a power of two of at least 4096");
            return;
          }
          p->ring_buffer_bytes = bytes;
        }},
       {"workers", Unsigned<uint32_t>(&p->workers, 1024)},
       {"shutdown_flush_ms", Unsigned<uint32_t>(&p->shutdown_flush_ms, 600000)},
       {"metrics",
        [this, p](const YAML::Node& m, const std::string& mp) {
          Map(m, mp,
              {{"enabled", Bool(&p->metrics.enabled)},
               {"port", Unsigned<uint16_t>(&p->metrics.port)},
               {"listen_address", [this, p](const YAML::Node& v, const std::string& vp) {
                  std::string a;
                  String (&a)(v, vp);
                  in6_addr buf;
                  if (inet_pton(AF_INET, a.c_str(), &buf) == 1 ||
                      inet_pton(AF_INET6, a.c_str(), &buf) == 1) {
                    p->metrics.listen_address = a;
                  } else {
                    Expected(v, vp, "an IPv4 or IPv6 address");
                  }
                }}});
        }},
       {"reload",
        [this, p](const YAML::Node& r, const std::string& rp) {
          Map(r, rp,
              {{"watch", Bool(&p->reload.watch)},
               {"debounce_ms", Unsigned<uint32_t>(&p->reload.debounce_ms, 60000)}});
        }},
       {"bundle", String(&p->bundle)},
       {"bundle_state_dir", String(&p->bundle_state_dir)}});
}

void Decoder::Decode(const YAML::Node& root, Config* c) {
  bool has_rules_files = root.IsMap() && root["rules_files"].IsDefined();
  Map(root, "",
      {{"rules_files", StringList(&c->rules_files)},
       {"rules_file",
        [this, c, has_rules_files](const YAML::Node& n, const std::string& p) {
          warnings.push_back(
              absl::StrCat(Where(n, p), ": 'rules_file' is deprecated, use 'rules_files'"));
          if (!has_rules_files) StringList (&c->rules_files)(n, p);
        }},
       {"json_output", Bool(&c->json_output)},
       {"json_include_output_property", Bool(&c->json_include_output_property)},
       {"json_include_message_property", Bool(&c->json_include_message_property)},
       {"json_include_output_fields_property", Bool(&c->json_include_output_fields_property)},
       {"json_include_tags_property", Bool(&c->json_include_tags_property)},
       {"priority",
        [this, c](const YAML::Node& n, const std::string& p) {
          std::optional<uint8_t> v = n.IsScalar() ? ParsePriority(n.Scalar()) : std::nullopt;
          if (v) {
            c->priority = *v;
          } else {
            Expected(n, p,
                     "a priority (emergency, alert, critical, error, warning, notice, "
                     "informational, debug)");
          }
        }},
       {"rule_matching", OneOf({"first", "all"},
                               [c](size_t i) {
                                 c->rule_matching =
                                     i == 0 ? RuleMatching::kFirst : RuleMatching::kAll;
                               })},
       {"time_format_iso_8601", Bool(&c->time_format_iso_8601)},
       {"buffer_format_base64", Bool(&c->buffer_format_base64)},
       {"buffered_outputs", Bool(&c->buffered_outputs)},
       {"outputs_queue",
        [this, c](const YAML::Node& n, const std::string& p) {
          Map(n, p, {{"capacity", Unsigned<uint64_t>(&c->outputs_queue_capacity)}});
        }},
       {"output_timeout", Unsigned<uint32_t>(&c->output_timeout_ms)},
       {"stdout_output", Enabled(&c->stdout_output.enabled)},
       {"syslog_output", Enabled(&c->syslog_output.enabled)},
       {"file_output",
        [this, c](const YAML::Node& n, const std::string& p) {
          FileOutputConfig& f = c->file_output;
          Map(n, p,
              {{"enabled", Bool(&f.enabled)},
               {"keep_alive", Bool(&f.keep_alive)},
               {"filename", String(&f.filename)}});
        }},
       {"program_output",
        [this, c](const YAML::Node& n, const std::string& p) {
          ProgramOutputConfig& f = c->program_output;
          Map(n, p,
              {{"enabled", Bool(&f.enabled)},
               {"keep_alive", Bool(&f.keep_alive)},
               {"program", String(&f.program)}});
        }},
       {"http_output",
        [this, c](const YAML::Node& n, const std::string& p) {
          HttpOutputConfig& h = c->http_output;
          Map(n, p,
              {{"enabled", Bool(&h.enabled)},
               {"url", String(&h.url)},
               {"user_agent", String(&h.user_agent)},
               {"insecure", Bool(&h.insecure)},
               {"ca_cert", String(&h.ca_cert)},
               {"ca_bundle", String(&h.ca_bundle)},
               {"ca_path", String(&h.ca_path)},
               {"mtls", Bool(&h.mtls)},
               {"client_cert", String(&h.client_cert)},
               {"client_key", String(&h.client_key)},
               {"echo", Bool(&h.echo)},
               {"compress_uploads", Bool(&h.compress_uploads)},
               {"keep_alive", Bool(&h.keep_alive)},
               {"max_consecutive_timeouts", Unsigned<uint32_t>(&h.max_consecutive_timeouts)}});
        }},
       {"syscall_event_drops",
        [this, c](const YAML::Node& n, const std::string& p) {
          DecodeDrops(n, p, &c->syscall_event_drops);
        }},
       {"log_level",
        OneOf({"emergency", "alert", "critical", "error", "warning", "notice", "info", "debug"},
              [c](size_t i) { c->log_level = static_cast<LogLevel>(i); })},
       {"log_stderr", Bool(&c->log_stderr)},
       {"log_syslog", Bool(&c->log_syslog)},
       {"append_output",
        [this, c](const YAML::Node& n, const std::string& p) {
          DecodeAppendOutput(n, p, &c->append_output);
        }},
       {"watch_config_files", Bool(&c->watch_config_files)},
       {"engine",
        [this, c](const YAML::Node& n, const std::string& p) {
          static const auto* falco_engine_keys =
              new std::set<std::string, std::less<>>{"kmod", "ebpf", "modern_ebpf", "gvisor"};
          Map(n, p,
              {{"kind", String(&c->engine.kind)},
               {"replay",
                [this, c](const YAML::Node& r, const std::string& rp) {
                  Map(r, rp, {{"capture_file", String(&c->engine.replay_capture_file)}});
                }}},
              falco_engine_keys);
        }},
       {"peregrine", [this, c](const YAML::Node& n,
                               const std::string& p) { DecodePeregrine(n, p, &c->peregrine); }}},
      &FalcoOnlyKeys());
}

void ExpandTree(YAML::Node n, const EnvLookup& env) {
  if (n.IsScalar()) {
    const std::string& text = n.Scalar();
    if (text.find("${") != std::string::npos) n = ExpandEnv(text, env);
  } else if (n.IsSequence()) {
    for (size_t i = 0; i < n.size(); ++i) ExpandTree(n[i], env);
  } else if (n.IsMap()) {
    for (auto kv : n) ExpandTree(kv.second, env);
  }
}

}  // namespace

std::optional<uint8_t> ParsePriority(std::string_view name) {
  const std::string v = absl::AsciiStrToLower(Sv(name));
  static constexpr std::string_view kNames[] = {"emergency", "alert",  "critical",      "error",
                                                "warning",   "notice", "informational", "debug"};
  for (uint8_t i = 0; i < 8; ++i) {
    if (v == kNames[i]) return i;
  }
  if (v == "info") return 6;
  return std::nullopt;
}

absl::StatusOr<ConfigLoadResult> LoadConfigString(std::string_view yaml,
                                                  std::string_view source_name,
                                                  const ConfigLoadOptions& options) {
  const std::string file(source_name);
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::ParserException& e) {
    return absl::InvalidArgumentError(absl::StrCat(file, ":", e.mark.line + 1, ":",
                                                   e.mark.column + 1, ": invalid YAML: ", e.msg));
  }
  if (root.IsDefined() && !root.IsNull() && !root.IsMap()) {
    return absl::InvalidArgumentError(
        absl::StrCat(file, ":1:1: the configuration must be a map of keys"));
  }
  std::map<std::string, std::string> overridden;
  std::vector<std::string> errors;
  for (const std::string& option : options.overrides) {
    std::string path;
    if (absl::Status s = ApplyOverride(option, &root, &path); !s.ok()) {
      errors.push_back(absl::StrCat("-o ", option, ": ", s.message()));
      continue;
    }
    overridden[path] = option;
  }
  if (!errors.empty()) return absl::InvalidArgumentError(absl::StrJoin(errors, "\n"));

  ConfigLoadResult result;
  auto config = std::make_shared<Config>();
  try {
    ExpandTree(root, options.env);
    Decoder decoder(file, std::move(overridden));
    decoder.Decode(root, config.get());
    if (!decoder.errors.empty()) {
      return absl::InvalidArgumentError(absl::StrJoin(decoder.errors, "\n"));
    }
    result.warnings = std::move(decoder.warnings);
    result.ignored = std::move(decoder.ignored);
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(absl::StrCat(file, ": ", e.what()));
  }
  result.config = std::move(config);
  return result;
}

absl::StatusOr<ConfigLoadResult> LoadConfigFile(const std::string& path,
                                                const ConfigLoadOptions& options) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read configuration file ", path));
  std::stringstream text;
  text << in.rdbuf();
  return LoadConfigString(text.str(), path, options);
}

}  // namespace peregrine::runtime::config
