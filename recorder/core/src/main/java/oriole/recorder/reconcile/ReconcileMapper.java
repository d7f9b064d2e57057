package oriole.recorder.reconcile;

import java.util.List;
import org.apache.ibatis.annotations.Param;

/** The reconciler's SQL, in {@code ReconcileMapper.xml}. */
public interface ReconcileMapper {

    List<DueExecution> selectDue(@Param("olderThanSeconds") long olderThanSeconds, @Param("limit") int limit);

    int markReconciled(@Param("executionArns") String[] executionArns, @Param("note") String note);

    List<String> selectTracked(@Param("executionArns") String[] executionArns);
}
