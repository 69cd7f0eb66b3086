// Classification of field types (§4.1, §4.2).
#include "runtime/catalog/field_types.h"

#include <initializer_list>

namespace peregrine::catalog {
namespace {

bool OneOf(FieldType type, std::initializer_list<FieldType> set) {
  for (FieldType t : set) {
    if (t == type) return true;
  }
  return false;
}

}  // namespace

TypeClass ClassifyType(FieldType type) {
  switch (type) {
    case FieldType::kInt8:
    case FieldType::kInt16:
    case FieldType::kInt32:
    case FieldType::kInt64:
    case FieldType::kUint8:
    case FieldType::kUint16:
    case FieldType::kUint32:
    case FieldType::kUint64:
    case FieldType::kErrno:
    case FieldType::kFd:
    case FieldType::kPid:
    case FieldType::kPort:
    case FieldType::kRelTime:
    case FieldType::kAbsTime:
    case FieldType::kFlags8:
    case FieldType::kFlags16:
    case FieldType::kFlags32:
    case FieldType::kEnumFlags8:
    case FieldType::kEnumFlags16:
    case FieldType::kEnumFlags32:
    case FieldType::kMode:
    case FieldType::kSyscallId:
    case FieldType::kSigType:
    case FieldType::kDouble:
      return TypeClass::kNumeric;
    case FieldType::kBool:
      return TypeClass::kBool;
    case FieldType::kIpv4Addr:
    case FieldType::kIpv6Addr:
    case FieldType::kIpAddr:
    case FieldType::kIpv4Net:
    case FieldType::kIpv6Net:
    case FieldType::kIpNet:
      return TypeClass::kIp;
    case FieldType::kCharBuf:
    case FieldType::kFsPath:
    case FieldType::kFsRelPath:
      return TypeClass::kString;
    case FieldType::kByteBuf:
      return TypeClass::kBuffer;
    case FieldType::kNone:
    case FieldType::kSockAddr:
    case FieldType::kSockTuple:
    case FieldType::kFdList:
    case FieldType::kL4Proto:
    case FieldType::kSockFamily:
    case FieldType::kDyn:
    case FieldType::kUid:
    case FieldType::kGid:
    case FieldType::kSigSet:
    case FieldType::kCharBufArray:
    case FieldType::kCharBufPairArray:
    case FieldType::kFd32:
    case FieldType::kPid32:
      return TypeClass::kOther;
  }
  return TypeClass::kOther;
}

bool IsSignedIntType(FieldType type) {
  return OneOf(type, {FieldType::kInt8, FieldType::kInt16, FieldType::kInt32, FieldType::kInt64,
                      FieldType::kErrno, FieldType::kFd, FieldType::kPid, FieldType::kFd32,
                      FieldType::kPid32});
}

bool IsUnsignedIntType(FieldType type) {
  return OneOf(type, {FieldType::kUint8,       FieldType::kUint16,     FieldType::kUint32,
                      FieldType::kUint64,      FieldType::kFlags8,     FieldType::kFlags16,
                      FieldType::kFlags32,     FieldType::kEnumFlags8, FieldType::kEnumFlags16,
                      FieldType::kEnumFlags32, FieldType::kMode,       FieldType::kUid,
                      FieldType::kGid,         FieldType::kL4Proto,    FieldType::kSockFamily,
                      FieldType::kSyscallId,   FieldType::kSigType,    FieldType::kSigSet,
                      FieldType::kPort,        FieldType::kRelTime,    FieldType::kAbsTime});
}

bool IsIpType(FieldType type) { return ClassifyType(type) == TypeClass::kIp; }

bool IsNetworkType(FieldType type) {
  return OneOf(type, {FieldType::kIpv4Net, FieldType::kIpv6Net, FieldType::kIpNet});
}

bool IsStringType(FieldType type) { return ClassifyType(type) == TypeClass::kString; }

bool IsListableType(FieldType type) {
  return OneOf(type,
               {FieldType::kCharBuf, FieldType::kUint64, FieldType::kRelTime, FieldType::kAbsTime,
                FieldType::kBool, FieldType::kIpAddr, FieldType::kIpNet});
}

}  // namespace peregrine::catalog
