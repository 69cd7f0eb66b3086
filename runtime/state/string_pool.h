// StringPool: recycled string buffers for fd names, so that opening a file after closing one
// does not allocate.
#ifndef PEREGRINE_RUNTIME_STATE_STRING_POOL_H_
#define PEREGRINE_RUNTIME_STATE_STRING_POOL_H_

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace peregrine::runtime {

// A bounded free list of string buffers: Give() keeps the buffer of a string that is going away
// (when it is heap-allocated, not too large, and the pool is not full), Take() hands one back
// cleared. Memory held is at most kMaxBuffers × kMaxCapacity bytes. Owned by one thread (the
// StateTracker's); thread-compatible.
class StringPool {
 public:
  static constexpr size_t kMaxBuffers = 1024;
  // Larger buffers (long paths) are freed rather than kept.
  static constexpr size_t kMaxCapacity = 512;

  // Keeps the buffer of `s`, a string about to be destroyed, if it is worth keeping.
  void Give(std::string* s) {
    // A small string's buffer lives inside the object: nothing to keep.
    if (s->capacity() > kSmallCapacity && s->capacity() <= kMaxCapacity &&
        free_.size() < kMaxBuffers) {
      free_.push_back(std::move(*s));
    }
  }

  // Gives `s` a pooled buffer when it has none of its own; `s` is left empty.
  void Take(std::string* s) {
    s->clear();
    if (s->capacity() > kSmallCapacity || free_.empty()) return;
    s->swap(free_.back());
    free_.pop_back();
    s->clear();
  }

  size_t size() const { return free_.size(); }

 private:
  // The capacity of a string that holds no heap buffer.
  static constexpr size_t kSmallCapacity = std::string().capacity();

  std::vector<std::string> free_;
};

}  // namespace peregrine::runtime

#endif  // PEREGRINE_RUNTIME_STATE_STRING_POOL_H_
