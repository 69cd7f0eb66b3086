// Field extraction entry points: dispatch by field class.
#include "runtime/fields/extract.h"

#include "runtime/fields/internal/extractors.h"

namespace peregrine::runtime {

using catalog::FieldClass;
using catalog::FieldId;

bool Extract(const catalog::ResolvedField& field, const Event& event, const StateView& state,
             FieldValue* out) {
  switch (field.info->field_class) {
    case FieldClass::kEvt:
      return internal::ExtractEvt(field, event, state, out);
    case FieldClass::kProc:
    case FieldClass::kThread:
      return internal::ExtractProc(field, event, state, out);
    case FieldClass::kUser:
    case FieldClass::kGroup:
      return internal::ExtractUserGroup(field, state, out);
    case FieldClass::kFd:
      return internal::ExtractFd(field, event, state, out);
    case FieldClass::kContainer:
    case FieldClass::kK8s:
      return internal::ExtractContainer(field, state, out);
    case FieldClass::kFsPath:
    case FieldClass::kUtil:
    case FieldClass::kFdList:
      out->Clear();
      return false;
  }
  out->Clear();
  return false;
}

bool IsFieldImplemented(FieldId id) {
  switch (id) {
    case FieldId::kEvtReltime:
    case FieldId::kEvtReltimeS:
    case FieldId::kEvtReltimeNs:
    case FieldId::kEvtPluginname:
    case FieldId::kEvtPlugininfo:
    case FieldId::kEvtLatency:
    case FieldId::kEvtLatencyS:
    case FieldId::kEvtLatencyNs:
    case FieldId::kEvtLatencyHuman:
    case FieldId::kEvtDeltatime:
    case FieldId::kEvtDeltatimeS:
    case FieldId::kEvtDeltatimeNs:
    case FieldId::kEvtCategory:
    case FieldId::kEvtIsIo:
    case FieldId::kEvtIsIoRead:
    case FieldId::kEvtIsIoWrite:
    case FieldId::kEvtIoDir:
    case FieldId::kEvtIsWait:
    case FieldId::kEvtWaitLatency:
    case FieldId::kEvtIsSyslog:
    case FieldId::kEvtCountErrorFile:
    case FieldId::kEvtCountErrorNet:
    case FieldId::kEvtCountErrorMemory:
    case FieldId::kEvtCountErrorOther:
    case FieldId::kEvtAround:
    case FieldId::kEvtAbspath:
    case FieldId::kEvtAbspathSrc:
    case FieldId::kEvtAbspathDst:
    case FieldId::kProcLoginshellid:
    case FieldId::kThreadExectime:
    case FieldId::kThreadTotexectime:
    case FieldId::kThreadCpu:
    case FieldId::kThreadCpuUser:
    case FieldId::kThreadCpuSystem:
    case FieldId::kFdUid:
    case FieldId::kFdCproto:
    case FieldId::kFdSproto:
    case FieldId::kFdLproto:
    case FieldId::kFdRproto:
    case FieldId::kFdCipName:
    case FieldId::kFdSipName:
    case FieldId::kFdLipName:
    case FieldId::kFdRipName:
    case FieldId::kFdlistNums:
    case FieldId::kFdlistNames:
    case FieldId::kFdlistCips:
    case FieldId::kFdlistSips:
    case FieldId::kFdlistCports:
    case FieldId::kFdlistSports:
    case FieldId::kFsPathName:
    case FieldId::kFsPathNameraw:
    case FieldId::kFsPathSource:
    case FieldId::kFsPathSourceraw:
    case FieldId::kFsPathTarget:
    case FieldId::kFsPathTargetraw:
    case FieldId::kUtilCnt:
      return false;
    default:
      break;
  }
  // container.* beyond id/name/image/privileged/host_* and all k8s.* need runtime metadata.
  const catalog::FieldInfo& info = catalog::GetFieldInfo(id);
  if (info.field_class == FieldClass::kK8s) return false;
  if (info.field_class == FieldClass::kContainer) {
    switch (id) {
      case FieldId::kContainerId:
      case FieldId::kContainerName:
      case FieldId::kContainerImage:
      case FieldId::kContainerImageId:
      case FieldId::kContainerImageRepository:
      case FieldId::kContainerImageTag:
      case FieldId::kContainerImageDigest:
      case FieldId::kContainerPrivileged:
      case FieldId::kContainerHostPid:
      case FieldId::kContainerHostNetwork:
      case FieldId::kContainerHostIpc:
        return true;
      default:
        return false;
    }
  }
  return true;
}

bool IsAncestorField(FieldId id) {
  switch (id) {
    case FieldId::kProcAname:
    case FieldId::kProcAexe:
    case FieldId::kProcAexepath:
    case FieldId::kProcAcmdline:
    case FieldId::kProcApid:
    case FieldId::kProcAenv:
    case FieldId::kProcAargs:
      return true;
    default:
      return false;
  }
}

AncestorValues::AncestorValues(const catalog::ResolvedField& field, const StateView& state)
    : field_(field), state_(state) {
  if (state.thread != nullptr && state.threads != nullptr)
    it_.emplace(*state.threads, *state.thread);
}

bool AncestorValues::Next(FieldValue* out) {
  out->Clear();
  if (!it_.has_value()) return false;
  const ThreadEntry* a = it_->Next();
  if (a == nullptr) return false;
  internal::ProcValueOf(field_.id, field_, *state_.threads, *a, out);
  return true;
}

}  // namespace peregrine::runtime
