#include "runtime/engine/alert_sink.h"

namespace peregrine::runtime {

bool StreamAlertSink::Emit(const Alert& alert) {
  bool ok = std::fwrite(alert.text.data(), 1, alert.text.size(), out_) == alert.text.size();
  ok = ok && std::fputc('\n', out_) != EOF;
  if (!buffered_) ok = std::fflush(out_) == 0 && ok;
  return ok;
}

}  // namespace peregrine::runtime
