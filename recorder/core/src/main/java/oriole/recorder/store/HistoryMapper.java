package oriole.recorder.store;

import java.util.List;
import org.apache.ibatis.annotations.Param;

/** Statements of {@code HistoryMapper.xml}: the history's partitions and retention. */
public interface HistoryMapper {

    long countReceivedBefore(@Param("cutoff") String cutoff);

    List<String> addMonths(@Param("monthsAhead") int monthsAhead);

    List<String> partitionsBefore(@Param("cutoff") String cutoff);

    /** {@code partition} is a name read from the catalog by {@link #partitionsBefore}, quoted by the caller. */
    long countPartition(@Param("partition") String partition);

    void setLockTimeout();

    void detachPartition(@Param("partition") String partition);

    void dropTable(@Param("partition") String partition);

    int deleteReceivedBefore(@Param("cutoff") String cutoff, @Param("slice") int slice);

    int deleteIdsReceivedBefore(@Param("cutoff") String cutoff, @Param("slice") int slice);
}
